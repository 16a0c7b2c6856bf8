/**
 * Places: country names (from i18n-iso-countries, English and Spanish), plus the hand-written
 * part the dataset lacks: capitals and major cities, demonyms, metonyms ("the Kremlin") and
 * ambiguous names ("Santa Cruz") that resolve only through the country the item names.
 */
// The core without its entry point, which registers all ~80 languages (700 KB in the Lambda bundle).
import countries from 'i18n-iso-countries/index.js';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import es from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import { lowerSameLength, fold } from './normalize.ts';

countries.registerLocale(en);
countries.registerLocale(es);

/** How a place was named. */
export type PlaceKind = 'country' | 'city' | 'demonym' | 'metonym' | 'group';

/** One place mentioned in a folded text. */
export interface PlaceMention {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Candidate ISO codes; more than one for an ambiguous name until resolved. */
  codes: string[];
  readonly kind: PlaceKind;
  /** A demonym that names an institution ("Russian authorities"), not a person's nationality. */
  readonly institutional: boolean;
  readonly ambiguous: boolean;
  /** Written as a possessive ("Iran's"), usually describing a person. */
  readonly possessive?: boolean;
  /** A demonym before a place noun ("the Azerbaijani capital"): somewhere one can travel to. */
  readonly placeNoun?: boolean;
}

// Capitals and major cities, English and Spanish spellings (folded, lower case).
const CITIES: Record<string, string> = {
  baku: 'AZ', ganja: 'AZ', moscow: 'RU', moscu: 'RU', 'saint petersburg': 'RU', 'st petersburg': 'RU',
  'san petersburgo': 'RU', sochi: 'RU', kazan: 'RU', beijing: 'CN', pekin: 'CN', shanghai: 'CN', islamabad: 'PK',
  karachi: 'PK', lahore: 'PK', colombo: 'LK', managua: 'NI', doha: 'QA', 'kuala lumpur': 'MY', putrajaya: 'MY',
  baghdad: 'IQ', bagdad: 'IQ', najaf: 'IQ', karbala: 'IQ', basra: 'IQ', erbil: 'IQ', beirut: 'LB',
  damascus: 'SY', damasco: 'SY', caracas: 'VE', 'la paz': 'BO', 'santa cruz de la sierra': 'BO', havana: 'CU',
  'la habana': 'CU', mecca: 'SA', meca: 'SA', 'la meca': 'SA', jeddah: 'SA', yeda: 'SA', riyadh: 'SA', riad: 'SA',
  london: 'GB', londres: 'GB', england: 'GB', inglaterra: 'GB', scotland: 'GB', escocia: 'GB', wales: 'GB',
  gales: 'GB', britain: 'GB', 'gran bretana': 'GB', paris: 'FR', madrid: 'ES', berlin: 'DE', rome: 'IT',
  roma: 'IT', geneva: 'CH', ginebra: 'CH', vienna: 'AT', viena: 'AT', brussels: 'BE', bruselas: 'BE',
  ankara: 'TR', istanbul: 'TR', estambul: 'TR', antalya: 'TR', kabul: 'AF', 'new york': 'US', 'nueva york': 'US',
  tokyo: 'JP', tokio: 'JP', 'new delhi': 'IN', 'nueva delhi': 'IN', delhi: 'IN', mumbai: 'IN', jakarta: 'ID',
  yakarta: 'ID', bangkok: 'TH', hanoi: 'VN', manila: 'PH', seoul: 'KR', seul: 'KR', pyongyang: 'KP', minsk: 'BY',
  kyiv: 'UA', kiev: 'UA', tbilisi: 'GE', yerevan: 'AM', erevan: 'AM', ashgabat: 'TM', tashkent: 'UZ',
  samarkand: 'UZ', dushanbe: 'TJ', bishkek: 'KG', almaty: 'KZ', astana: 'KZ', muscat: 'OM', mascate: 'OM',
  'abu dhabi': 'AE', 'abu dabi': 'AE', dubai: 'AE', manama: 'BH', amman: 'JO', cairo: 'EG', 'el cairo': 'EG',
  algiers: 'DZ', argel: 'DZ', rabat: 'MA', marrakesh: 'MA', marrakech: 'MA', khartoum: 'SD', jartum: 'SD',
  'addis ababa': 'ET', nairobi: 'KE', pretoria: 'ZA', johannesburg: 'ZA', brasilia: 'BR', 'sao paulo': 'BR',
  'san pablo': 'BR', 'rio de janeiro': 'BR', 'foz do iguacu': 'BR', 'foz de iguazu': 'BR', 'ciudad del este': 'PY',
  montevideo: 'UY', lima: 'PE', bogota: 'CO', quito: 'EC', 'mexico city': 'MX', 'ciudad de mexico': 'MX',
  tegucigalpa: 'HN', 'santo domingo': 'DO', ottawa: 'CA', toronto: 'CA', canberra: 'AU', qom: 'IR', qum: 'IR',
  tehran: 'IR', teheran: 'IR', mashhad: 'IR', isfahan: 'IR', 'tel aviv': 'IL', jerusalem: 'IL', jerusalen: 'IL',
  sanaa: 'YE', dhaka: 'BD', kathmandu: 'NP', katmandu: 'NP', 'buenos aires': 'AR', kinshasa: 'CD', luanda: 'AO',
  abuja: 'NG', lagos: 'NG', dakar: 'SN', tunis: 'TN', tripoli: 'LY', 'santiago de chile': 'CL', asmara: 'ER',
  'hong kong': 'HK', 'kuwait city': 'KW', 'abiyan': 'CI', singapore: 'SG', singapur: 'SG', mosul: 'IQ',
  latakia: 'SY', aleppo: 'SY', alepo: 'SY', 'el alto': 'BO', vladivostok: 'RU', novosibirsk: 'RU', 'nur-sultan': 'KZ',
};

// Country names the dataset lacks in one of the two languages, and short forms.
const EXTRA_COUNTRY_NAMES: Record<string, string> = {
  irak: 'IQ', siria: 'SY', syria: 'SY', 'corea del sur': 'KR', 'south korea': 'KR', 'corea del norte': 'KP',
  'north korea': 'KP', 'arabia saudi': 'SA', holland: 'NL', holanda: 'NL', burma: 'MM', birmania: 'MM',
  'ivory coast': 'CI', 'costa de marfil': 'CI', catar: 'QA', qatar: 'QA', 'emiratos arabes unidos': 'AE',
  emiratos: 'AE', 'united arab emirates': 'AE', emirates: 'AE', vietnam: 'VN', laos: 'LA', taiwan: 'TW',
  russia: 'RU', iran: 'IR', venezuela: 'VE', bolivia: 'BO', 'czech republic': 'CZ', moldova: 'MD',
  vatican: 'VA', vaticano: 'VA', palestina: 'PS', palestine: 'PS', tayikistan: 'TJ', turkmenistan: 'TM',
  kazajistan: 'KZ', uzbekistan: 'UZ', kirguistan: 'KG', 'estados unidos': 'US', 'reino unido': 'GB',
  'great britain': 'GB', 'united kingdom': 'GB', 'the netherlands': 'NL', 'republic of the congo': 'CG',
};

// Demonyms, English and Spanish (all genders and numbers).
const DEMONYMS: Record<string, string[]> = {
  RU: ['russian', 'russians', 'ruso', 'rusa', 'rusos', 'rusas'],
  CN: ['chinese', 'chino', 'chinos', 'chinas'],
  AZ: ['azerbaijani', 'azeri', 'azerbaiyano', 'azerbaiyana', 'azeries', 'azerbaiyanos'],
  BO: ['bolivian', 'boliviano', 'boliviana', 'bolivianos', 'bolivianas'],
  SA: ['saudi', 'saudis', 'saudita', 'sauditas', 'saudies'],
  LB: ['lebanese', 'libanes', 'libanesa', 'libaneses', 'libanesas'],
  IQ: ['iraqi', 'iraqis', 'iraqui', 'iraquies'],
  MY: ['malaysian', 'malasio', 'malasios', 'malayo'],
  SG: ['singaporean', 'singapurense', 'singapurenses'],
  NI: ['nicaraguan', 'nicaraguense', 'nicaraguenses'],
  PK: ['pakistani', 'pakistanis', 'paquistani', 'paquistanies', 'pakistanies'],
  LK: ['sri lankan', 'srilanques', 'esrilanques', 'esrilanquesa', 'ceilandes'],
  QA: ['qatari', 'catari', 'cataries'],
  TR: ['turkish', 'turco', 'turca', 'turcos', 'turcas'],
  GB: ['british', 'britanico', 'britanica', 'britanicos', 'britanicas'],
  PY: ['paraguayan', 'paraguayo', 'paraguaya', 'paraguayos'],
  BR: ['brazilian', 'brasileno', 'brasilena', 'brasilenos', 'brasilero', 'brasilera'],
  CO: ['colombian', 'colombiano', 'colombiana', 'colombianos'],
  VE: ['venezuelan', 'venezolano', 'venezolana', 'venezolanos'],
  CU: ['cuban', 'cubano', 'cubana', 'cubanos'],
  SY: ['syrian', 'sirio', 'sirios'],
  IR: ['iranian', 'iranians', 'irani', 'iranies'],
  IL: ['israeli', 'israelis', 'israelies'],
  AE: ['emirati', 'emiratí'],
  IN: ['indian', 'hindu'],
  ID: ['indonesian', 'indonesio'],
  JP: ['japanese', 'japones', 'japonesa'],
  KW: ['kuwaiti'],
  OM: ['omani'],
  TJ: ['tajik', 'tayiko', 'tayika'],
  AF: ['afghan', 'afgano', 'afgana'],
  UY: ['uruguayan', 'uruguayo', 'uruguaya'],
  US: ['american', 'estadounidense', 'estadounidenses', 'norteamericano', 'norteamericana'],
  FR: ['french', 'frances', 'francesa'],
  DE: ['german', 'aleman', 'alemana'],
  IT: ['italian', 'italiano', 'italiana'],
  EG: ['egyptian', 'egipcio', 'egipcia'],
  AR: ['argentine', 'argentinian', 'argentino', 'argentinos', 'argentinas'],
  KZ: ['kazakh', 'kazajo'],
  UZ: ['uzbek', 'uzbeko'],
  TM: ['turkmen', 'turkmeno'],
  AM: ['armenian', 'armenio'],
  BY: ['belarusian', 'bielorruso'],
  UA: ['ukrainian', 'ucraniano', 'ucraniana'],
  KP: ['north korean', 'norcoreano'],
  JO: ['jordanian', 'jordano'],
  YE: ['yemeni'],
  LY: ['libyan', 'libio'],
  DZ: ['algerian', 'argelino'],
  MA: ['moroccan', 'marroqui'],
  TN: ['tunisian', 'tunecino'],
  SD: ['sudanese', 'sudanes'],
  CL: ['chilean', 'chileno', 'chilena'],
  PE: ['peruvian', 'peruano', 'peruana'],
  EC: ['ecuadorian', 'ecuatoriano', 'ecuatoriana'],
  MX: ['mexican', 'mexicano', 'mexicana'],
  TH: ['thai', 'tailandes'],
  VN: ['vietnamese', 'vietnamita'],
  PH: ['filipino', 'philippine'],
  KR: ['south korean', 'surcoreano', 'surcoreana'],
  BH: ['bahraini', 'bareini'],
  AU: ['australian', 'australiano'],
  CA: ['canadian', 'canadiense'],
  ZA: ['south african', 'sudafricano'],
};

// Institutions named by the building or city that houses them.
const METONYMS: Record<string, string> = {
  kremlin: 'RU', kremlim: 'RU', 'white house': 'US', 'casa blanca': 'US', 'home office': 'GB', 'foreign office': 'GB',
  whitehall: 'GB', 'downing street': 'GB', elysee: 'FR', eliseo: 'FR', 'quai d\'orsay': 'FR', itamaraty: 'BR',
  planalto: 'BR', 'casa rosada': 'AR', 'palacio san martin': 'AR', zhongnanhai: 'CN', washington: 'US',
  'durham university': 'GB',
};

// Names several places share: resolved to the candidate country the sentence or item names.
const AMBIGUOUS: Record<string, string[]> = {
  'santa cruz': ['BO', 'ES', 'US'],
  durham: ['GB', 'US'],
  georgia: ['GE', 'US'],
  valencia: ['ES', 'VE'],
  cordoba: ['ES', 'AR'],
  'san jose': ['CR', 'US'],
  santiago: ['CL', 'ES'],
};

// Country names that are more often ordinary words or people's names in news prose.
const SKIP_COUNTRY_NAMES = new Set(['jordan', 'chad', 'granada', 'jersey', 'guernsey', 'georgia', 'man', 'niger', 'reunion', 'dominica']);

// Groups of countries named earlier in the sentence ("both countries", "ninguno de los dos países").
const GROUPS = [
  'both countries', 'both governments', 'both nations', 'the two countries', 'the two governments',
  'ambos paises', 'ambos gobiernos', 'los dos paises', 'los dos gobiernos', 'las dos naciones', 'ambas naciones',
];

// A demonym names a place only beside an institution or a place noun ("Russian authorities",
// "el gobierno nicaragüense", "the Azerbaijani capital"); "an Iranian official" is a nationality.
const INSTITUTION_AFTER =
  /^\s+(authorities|authority|government|govt|bureau|police|(?:security |armed )?forces|security services|intelligence|courts?|justice|judiciary|ministry|foreign ministry|prosecutors?|officials|autoridades|gobierno|justicia|policia|cancilleria|tribunal(es)?|oficina|interpol|office|capital|soil|territory|city|border|airport|port)\b/;
const INSTITUTION_BEFORE =
  /\b(gobierno|autoridades|justicia|policia|cancilleria|embajador|embajadora|embajada|tribunal|tribunales|juez|jueza|capital|territorio|suelo|ciudad|frontera|aeropuerto)\s+$/;

const PLACE_NOUN_AFTER = /^\s+(capital|soil|territory|city|border|airport|port|coast)\b/;
const PLACE_NOUN_BEFORE = /\b(capital|territorio|suelo|ciudad|frontera|aeropuerto|puerto|costa)\s+$/;

interface Entry {
  readonly codes: string[];
  readonly kind: PlaceKind;
}

/** A demonym and its Spanish gender and number forms (boliviano -> bolivianas, libanés -> libaneses). */
function inflections(d: string): string[] {
  const f = clean(d);
  if (f.includes(' ')) return [f];
  if (/[oa]$/.test(f)) return [f, `${f.slice(0, -1)}o`, `${f.slice(0, -1)}a`, `${f.slice(0, -1)}os`, `${f.slice(0, -1)}as`];
  if (/es$/.test(f) && !/ese$/.test(f)) return [f, `${f}a`, `${f}as`, `${f}es`];
  if (/[ie]$/.test(f)) return [f, `${f}s`, `${f}es`];
  return [f, `${f}s`];
}

function clean(key: string): string {
  return lowerSameLength(fold(key)).replace(/_$/, '').replace(/[\s-]+/g, ' ').trim();
}

function buildTable(): { lower: Map<string, Entry>; acronyms: Map<string, string> } {
  const lower = new Map<string, Entry>();
  const acronyms = new Map<string, string>();
  const add = (name: string, entry: Entry): void => {
    const k = clean(name);
    if (k.length < 3 || SKIP_COUNTRY_NAMES.has(k)) return;
    if (!lower.has(k)) lower.set(k, entry);
  };
  for (const names of [countries.getNames('en', { select: 'all' }), countries.getNames('es', { select: 'all' })]) {
    for (const [code, list] of Object.entries(names)) {
      for (const n of list) {
        if (/[,(]/.test(n)) continue;
        // Acronyms ("UK", "U.S.") only match in capitals, or "us" would be a country.
        if (/^[A-Z.]+$/.test(n)) acronyms.set(n, code);
        else add(n, { codes: [code], kind: 'country' });
      }
    }
  }
  for (const [n, c] of Object.entries(EXTRA_COUNTRY_NAMES)) add(n, { codes: [c], kind: 'country' });
  for (const [n, c] of Object.entries(CITIES)) add(n, { codes: [c], kind: 'city' });
  for (const [c, list] of Object.entries(DEMONYMS)) for (const n of list.flatMap(inflections)) add(n, { codes: [c], kind: 'demonym' });
  for (const [n, c] of Object.entries(METONYMS)) add(n, { codes: [c], kind: 'metonym' });
  for (const [n, cs] of Object.entries(AMBIGUOUS)) lower.set(clean(n), { codes: cs, kind: 'city' });
  for (const n of GROUPS) lower.set(clean(n), { codes: [], kind: 'group' });
  for (const a of ['EE.UU.', 'EEUU', 'EAU', 'UAE']) acronyms.set(a, a === 'EAU' || a === 'UAE' ? 'AE' : 'US');
  return { lower, acronyms };
}

const TABLE = buildTable();
const AMBIGUOUS_KEYS = new Set(Object.keys(AMBIGUOUS).map(clean));

// Names are looked up word by word (longest phrase first): far faster than one big alternation.
const TOKEN_RE = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;
const MAX_WORDS = Math.max(...[...TABLE.lower.keys()].map((k) => k.split(' ').length));
// Every proper word prefix of a multi-word name ("santa", "santa cruz de la"), to stop extending early.
const PREFIXES = new Set([...TABLE.lower.keys()].flatMap((k) => k.split(' ').slice(0, -1).map((_, i, w) => w.slice(0, i + 1).join(' '))));

const ACRONYM_RE = new RegExp(
  `(?<![\\p{L}.])(${[...TABLE.acronyms.keys()].sort((a, b) => b.length - a.length).map((a) => a.replace(/\./g, '\\.')).join('|')})(?![\\p{L}])`,
  'gu',
);
// "Asunción" the city, not "la asunción" (a swearing-in).
const ASUNCION_RE = /(?<!\b(?:la|su|the|de|una|esa) )\bAsuncion\b/g;

/**
 * Finds place mentions in a folded sentence. `cased` and `lower` are the two folded forms of the
 * same text; `masked` spans (role phrases such as "Iran's interior minister") are skipped.
 */
export function findPlaces(cased: string, lower: string, masked: readonly [number, number][] = []): PlaceMention[] {
  const found: PlaceMention[] = [];
  const isMasked = (s: number, e: number): boolean => masked.some(([a, b]) => s < b && e > a);
  const tokens: { start: number; end: number; text: string }[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(lower); m; m = TOKEN_RE.exec(lower)) tokens.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  for (let i = 0; i < tokens.length; i++) {
    let key = '';
    let hit: { n: number; entry: Entry; key: string; possessive: boolean } | undefined;
    for (let n = 1; n <= MAX_WORDS && i + n <= tokens.length; n++) {
      const tok = tokens[i + n - 1]!;
      if (n > 1 && !/^[\s-]+$/.test(lower.slice(tokens[i + n - 2]!.end, tok.start))) break;
      key = n === 1 ? tok.text : `${key} ${tok.text}`;
      const entry = TABLE.lower.get(key);
      if (entry) hit = { n, entry, key, possessive: false };
      else if (tok.text.endsWith("'s")) {
        const bare = key.slice(0, -2);
        const e2 = TABLE.lower.get(bare);
        if (e2) hit = { n, entry: e2, key: bare, possessive: true };
      }
      if (!PREFIXES.has(key)) break;
    }
    if (!hit) continue;
    const start = tokens[i]!.start;
    const end = tokens[i + hit.n - 1]!.end - (hit.possessive ? 2 : 0);
    i += hit.n - 1;
    if (isMasked(start, end)) continue;
    const entry = hit.entry;
    // "Lebanon's security forces" is the country acting, unlike "Iran's former foreign minister".
    const institutional =
      (entry.kind === 'demonym' && (INSTITUTION_AFTER.test(lower.slice(end, end + 30)) || INSTITUTION_BEFORE.test(lower.slice(Math.max(0, start - 20), start)))) ||
      (hit.possessive && INSTITUTION_AFTER.test(lower.slice(end + 2, end + 32)));
    const placeNoun =
      entry.kind === 'demonym' && (PLACE_NOUN_AFTER.test(lower.slice(end, end + 20)) || PLACE_NOUN_BEFORE.test(lower.slice(Math.max(0, start - 20), start)));
    found.push({
      start, end, text: cased.slice(start, end), codes: [...entry.codes], kind: entry.kind, institutional, placeNoun,
      ambiguous: AMBIGUOUS_KEYS.has(hit.key),
      possessive: hit.possessive || lower.startsWith("'", end),
    });
  }
  ACRONYM_RE.lastIndex = 0;
  for (let m = ACRONYM_RE.exec(cased); m; m = ACRONYM_RE.exec(cased)) {
    const code = TABLE.acronyms.get(m[1]!);
    if (!code || isMasked(m.index, m.index + m[0].length)) continue;
    found.push({ start: m.index, end: m.index + m[0].length, text: m[0], codes: [code], kind: 'country', institutional: false, ambiguous: false });
  }
  ASUNCION_RE.lastIndex = 0;
  for (let m = ASUNCION_RE.exec(cased); m; m = ASUNCION_RE.exec(cased)) {
    found.push({ start: m.index, end: m.index + m[0].length, text: m[0], codes: ['PY'], kind: 'city', institutional: false, ambiguous: false });
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Resolves ambiguous names ("Santa Cruz") to the candidate the sentence names, else the one the
 * item names; drops them when neither does.
 */
export function resolveAmbiguous(mentions: PlaceMention[], sentenceCodes: ReadonlySet<string>, itemCodes: ReadonlySet<string>): PlaceMention[] {
  return mentions.filter((p) => {
    if (!p.ambiguous) return true;
    const pick = p.codes.find((c) => sentenceCodes.has(c)) ?? p.codes.find((c) => itemCodes.has(c));
    if (!pick) return false;
    p.codes = [pick];
    return true;
  });
}

/** Whether a folded lower-case phrase is a place name casewatch knows ("el alto", "santa cruz"). */
export function isPlaceName(phrase: string): boolean {
  return TABLE.lower.has(clean(phrase));
}
