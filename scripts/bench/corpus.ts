/**
 * A deterministic, news-like feed corpus for the benchmark: English and Spanish world news, about
 * 1% of items naming an accused in case-like sentences (travel, arrest requests, detentions, red
 * notices) and some items naming namesakes. Same seed, same corpus, byte for byte.
 */
import { createHash } from 'node:crypto';
import type { CaseRecord, NewsItem } from '../../lambdas/domain/types.ts';

/** What kind of item the generator wrote; the benchmark and its tests count these. */
export type ItemKind = 'case' | 'namesake' | 'world';

export interface GeneratedItem extends NewsItem {
  readonly kind: ItemKind;
  /** For `case` items, the accused's id; for `namesake` items, the namesake's name. */
  readonly subject?: string;
  readonly guid: string;
}

export interface GeneratedFeed {
  readonly id: string;
  readonly lang: 'en' | 'es';
  readonly title: string;
  readonly items: readonly GeneratedItem[];
}

export interface CorpusOptions {
  readonly seed: number;
  readonly feeds: number;
  readonly itemsPerFeed: number;
  /** Share of items naming an accused (default 0.01). */
  readonly caseShare?: number;
  /** Share of items naming a namesake of an accused (default 0.005). */
  readonly namesakeShare?: number;
  /** Publication time of the newest item (ISO); older items step back from it. */
  readonly newest?: string;
}

/** A small, fast PRNG (mulberry32): deterministic across platforms, good enough for test data. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

/** Destination countries, as the English and Spanish press name them and their capitals. */
const PLACES: readonly { en: string; es: string; city: string }[] = [
  { en: 'Azerbaijan', es: 'Azerbaiyán', city: 'Baku' },
  { en: 'Russia', es: 'Rusia', city: 'Moscow' },
  { en: 'Malaysia', es: 'Malasia', city: 'Kuala Lumpur' },
  { en: 'Venezuela', es: 'Venezuela', city: 'Caracas' },
  { en: 'Bolivia', es: 'Bolivia', city: 'La Paz' },
  { en: 'Nicaragua', es: 'Nicaragua', city: 'Managua' },
  { en: 'Pakistan', es: 'Pakistán', city: 'Islamabad' },
  { en: 'Iraq', es: 'Irak', city: 'Baghdad' },
  { en: 'Singapore', es: 'Singapur', city: 'Singapore' },
  { en: 'Turkey', es: 'Turquía', city: 'Ankara' },
  { en: 'China', es: 'China', city: 'Beijing' },
  { en: 'Qatar', es: 'Qatar', city: 'Doha' },
];

const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAYS_ES = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];

interface Slots {
  name: string;
  role: string;
  place: { en: string; es: string; city: string };
  day: string;
}

/** Case-like sentences: what an outlet writes when an accused travels or is sought. */
const CASE_TEMPLATES: Record<'en' | 'es', readonly { title: (s: Slots) => string; text: (s: Slots) => string }[]> = {
  en: [
    {
      title: (s) => `${s.name} arrives in ${s.place.city} despite Argentine warrant`,
      text: (s) =>
        `${s.name}, ${s.role} wanted by Argentina over the 1994 AMIA bombing in Buenos Aires, arrived in ${s.place.city} on ${s.day} for talks with officials. Argentine prosecutors said they would ask ${s.place.en} to detain him.`,
    },
    {
      title: (s) => `Argentina asks ${s.place.en} to arrest ${s.name}`,
      text: (s) =>
        `Argentina's foreign ministry asked the authorities of ${s.place.en} on ${s.day} to arrest ${s.name}, accused over the AMIA Jewish center attack, during his visit to ${s.place.city}. Interpol was notified.`,
    },
    {
      title: (s) => `${s.name} detained in ${s.place.city}, Interpol says`,
      text: (s) =>
        `Police in ${s.place.city} detained ${s.name} on ${s.day} on an Interpol red notice issued at the request of Argentina, which accuses him of a role in the 1994 AMIA bombing.`,
    },
    {
      title: (s) => `Interpol renews red notice for ${s.name} in AMIA case`,
      text: (s) =>
        `Interpol renewed the red notice for ${s.name}, ${s.role}, at the request of the Argentine judiciary investigating the AMIA bombing, officials said on ${s.day}.`,
    },
  ],
  es: [
    {
      title: (s) => `${s.name} llegó a ${s.place.es} pese al pedido de captura argentino`,
      text: (s) =>
        `${s.name}, ${s.role} acusado por el atentado a la AMIA de 1994, llegó el ${s.day} a ${s.place.city} en visita oficial. La Cancillería argentina pidió a ${s.place.es} su detención.`,
    },
    {
      title: (s) => `La Argentina pidió a ${s.place.es} la detención de ${s.name}`,
      text: (s) =>
        `El gobierno argentino solicitó el ${s.day} a las autoridades de ${s.place.es} la captura de ${s.name}, imputado por el atentado contra la mutual judía AMIA, durante su estadía en ${s.place.city}.`,
    },
    {
      title: (s) => `Detuvieron en ${s.place.es} a ${s.name}, buscado por la causa AMIA`,
      text: (s) =>
        `La policía de ${s.place.city} arrestó el ${s.day} a ${s.name} en virtud de una notificación roja de Interpol pedida por la justicia argentina por el atentado a la AMIA.`,
    },
    {
      title: (s) => `Interpol renovó la alerta roja contra ${s.name}`,
      text: (s) =>
        `Interpol renovó la notificación roja contra ${s.name}, ${s.role}, a pedido del juzgado que investiga el atentado a la AMIA, informaron fuentes judiciales el ${s.day}.`,
    },
  ],
};

/** Namesakes in ordinary news: a name that contains an accused's surname but is someone else. */
const NAMESAKE_TEMPLATES: Record<'en' | 'es', readonly ((name: string, place: Slots['place'], day: string) => [string, string])[]> = {
  en: [
    (n, p, d) => [`${n} visits ${p.city} for trade talks`, `${n} arrived in ${p.city} on ${d} for two days of talks on trade and energy with ${p.en}'s government.`],
    (n, p, d) => [`${n} says ${p.en} ties will deepen`, `Speaking in ${p.city} on ${d}, ${n} said relations with ${p.en} would grow in investment and culture.`],
  ],
  es: [
    (n, p, d) => [`${n} viajó a ${p.es} para una cumbre comercial`, `${n} llegó el ${d} a ${p.city} para reunirse con autoridades de ${p.es} y firmar acuerdos de comercio.`],
    (n, p, d) => [`${n} destacó la relación con ${p.es}`, `En declaraciones desde ${p.city} el ${d}, ${n} afirmó que el vínculo con ${p.es} seguirá creciendo.`],
  ],
};

/** Vocabulary of unrelated world news, combined into two- or three-sentence summaries. */
const WORLD = {
  en: {
    subjects: ['The central bank', 'The health ministry', 'Parliament', 'The national football team', 'Farmers', 'Rail workers', 'The city council', 'A tech start-up', 'Climate scientists', 'Investors', 'The opposition', 'Wildfire crews'],
    verbs: ['announced', 'rejected', 'approved', 'warned about', 'celebrated', 'delayed', 'proposed', 'criticised'],
    objects: ['a new budget', 'higher interest rates', 'the drought emergency', 'a cup qualifier', 'record harvest prices', 'a week-long strike', 'the housing plan', 'an electric bus fleet', 'rising sea levels', 'a bond sale', 'the election timetable', 'a storm warning'],
    places: ['in Lisbon', 'in Nairobi', 'in Jakarta', 'in Toronto', 'in Seoul', 'in Lima', 'in Warsaw', 'in Manila', 'in Cairo', 'in Oslo'],
    tails: ['Officials expect a decision next month.', 'Markets reacted calmly.', 'Critics said the measure came too late.', 'Turnout at the protest was lower than expected.', 'The plan still needs approval by the senate.', 'Analysts called it a turning point.'],
  },
  es: {
    subjects: ['El banco central', 'El ministerio de Salud', 'El Congreso', 'La selección nacional', 'La federación agraria', 'El gremio ferroviario', 'El concejo municipal', 'Una empresa tecnológica', 'Un equipo de climatólogos', 'La bolsa local', 'La oposición', 'La brigada forestal'],
    verbs: ['anunció', 'rechazó', 'aprobó', 'advirtió sobre', 'celebró', 'postergó', 'propuso', 'criticó'],
    objects: ['un nuevo presupuesto', 'la suba de tasas', 'la emergencia por sequía', 'el partido de eliminatorias', 'precios récord de la cosecha', 'un paro de una semana', 'el plan de viviendas', 'una flota de buses eléctricos', 'la suba del nivel del mar', 'una emisión de bonos', 'el calendario electoral', 'una alerta por tormentas'],
    places: ['en Córdoba', 'en Montevideo', 'en Santiago', 'en Bogotá', 'en Madrid', 'en Ciudad de México', 'en Asunción', 'en Quito', 'en Rosario', 'en Valencia'],
    tails: ['Se espera una definición el mes próximo.', 'Los mercados reaccionaron con calma.', 'Los críticos dijeron que la medida llega tarde.', 'La marcha convocó menos gente de lo previsto.', 'El proyecto aún necesita aprobación del Senado.', 'Los analistas lo consideraron un punto de inflexión.'],
  },
} as const;

function worldSentence(rng: Rng, lang: 'en' | 'es'): string {
  const v = WORLD[lang];
  return `${pick(rng, v.subjects)} ${pick(rng, v.verbs)} ${pick(rng, v.objects)} ${pick(rng, v.places)}.`;
}

function worldItem(rng: Rng, lang: 'en' | 'es'): [string, string] {
  const v = WORLD[lang];
  const first = worldSentence(rng, lang);
  const title = first.replace(/\.$/, '');
  const text = [first, worldSentence(rng, lang), pick(rng, v.tails)].join(' ');
  return [title, text];
}

/** Every written form of an accused that a case item may use (name and Latin-script aliases). */
function namesOf(accused: CaseRecord['accused'][number]): string[] {
  return [accused.name, ...accused.aliases.filter((a) => a.includes(' '))];
}

/**
 * Generates `feeds` feeds of `itemsPerFeed` items. Case items name an accused of `record` (a
 * living one, with a role term); namesake items name one of `record.namesakes`.
 */
export function generateCorpus(record: CaseRecord, options: CorpusOptions): GeneratedFeed[] {
  const rng = createRng(options.seed);
  const caseShare = options.caseShare ?? 0.01;
  const namesakeShare = options.namesakeShare ?? 0.005;
  const newest = Date.parse(options.newest ?? '2026-11-27T12:00:00Z');
  const living = record.accused.filter((a) => !a.deceased);
  const feeds: GeneratedFeed[] = [];
  for (let f = 0; f < options.feeds; f++) {
    const lang: 'en' | 'es' = rng() < 0.5 ? 'en' : 'es';
    const id = `outlet-${String(f + 1).padStart(3, '0')}`;
    const items: GeneratedItem[] = [];
    for (let i = 0; i < options.itemsPerFeed; i++) {
      const published = new Date(newest - (i * 37 + f * 3) * 60_000).toISOString();
      const day = lang === 'en' ? pick(rng, WEEKDAYS_EN) : pick(rng, WEEKDAYS_ES);
      const place = pick(rng, PLACES);
      const roll = rng();
      let title: string;
      let text: string;
      let kind: ItemKind = 'world';
      let subject: string | undefined;
      if (roll < caseShare && living.length > 0) {
        const accused = pick(rng, living);
        const role = pick(rng, accused.roleTerms.length > 0 ? accused.roleTerms : [accused.role]);
        const template = pick(rng, CASE_TEMPLATES[lang]);
        const slots: Slots = { name: pick(rng, namesOf(accused)), role, place, day };
        title = template.title(slots);
        text = template.text(slots);
        kind = 'case';
        subject = accused.id;
      } else if (roll < caseShare + namesakeShare && record.namesakes.length > 0) {
        const name = pick(rng, record.namesakes);
        [title, text] = pick(rng, NAMESAKE_TEMPLATES[lang])(name, place, day);
        kind = 'namesake';
        subject = name;
      } else {
        [title, text] = worldItem(rng, lang);
      }
      const slug = slugify(title);
      const link = `https://${id}.example/${published.slice(0, 10).replace(/-/g, '/')}/${slug}-${i}`;
      items.push({ title, text, link, published, lang, kind, subject, guid: link });
    }
    feeds.push({ id, lang, title: lang === 'en' ? `Outlet ${f + 1} world news` : `Diario ${f + 1}: mundo`, items });
  }
  return feeds;
}

function slugify(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Renders a feed as RSS 2.0, summaries wrapped in a paragraph as outlets send them. */
export function renderRss(feed: GeneratedFeed): string {
  const items = feed.items
    .map(
      (it) =>
        `<item><title>${xmlEscape(it.title)}</title><link>${xmlEscape(it.link)}</link>` +
        `<guid isPermaLink="true">${xmlEscape(it.guid)}</guid><pubDate>${new Date(it.published!).toUTCString()}</pubDate>` +
        `<description>${xmlEscape(`<p>${it.text}</p>`)}</description></item>`,
    )
    .join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${xmlEscape(feed.title)}</title>` +
    `<link>https://${feed.id}.example/</link><description>${xmlEscape(feed.title)}</description><language>${feed.lang}</language>\n` +
    `${items}\n</channel></rss>\n`
  );
}

/** A strong validator for a body: what the feed server sends as ETag. */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}
