/**
 * When: explicit dates and years, months, weekdays relative to publication ("on Friday"), and
 * relative phrases anchored by the previous date the item gave ("that same year", "two years
 * later", "el año pasado", "hace tres meses"). Dates are partial: YYYY, YYYY-MM or YYYY-MM-DD.
 */
import type { PartialDate } from '../types.ts';

/** A date expression found in a clause. */
export interface DateAnchor {
  readonly start: number;
  readonly end: number;
  /** The date it gives; null for a vague past ("months after") that dates nothing. */
  readonly date: PartialDate | null;
  /** What was read, for the evidence ("that same year -> 2016"). */
  readonly label: string;
  /** The phrase says the event lies in the past without dating it ("months after", "previously"). */
  readonly vaguePast: boolean;
}

/** What relative phrases are anchored on. */
export interface DateContext {
  /** Publication day, YYYY-MM-DD. */
  readonly pub: string;
  /** Year of the last date the item gave before this point, if any. */
  lastYear?: number;
  /** Year given earlier in the same sentence, if any ("in 2011 ... in May"). */
  sentenceYear?: number;
  /** The last full day the item gave, for "the next day", "three days later". */
  lastDay?: string;
}

const MONTHS_EN = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTHS_ES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
const WEEKDAYS_EN = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAYS_ES = ['domingo', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado'];
const NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  un: 1, uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
};

const MONTH = `(${[...MONTHS_EN, ...MONTHS_ES, 'setiembre', 'sept'].join('|')})`;
// Abbreviations ("Nov. 8") only next to a day number, where "mar" cannot be the sea.
const MONTH_ABBR = `(${[...MONTHS_EN, ...MONTHS_ES, 'setiembre', 'sept', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'ene', 'abr', 'ago', 'dic'].join('|')})\\.?`;
const NUM = `(\\d{1,2}|${Object.keys(NUMBERS).join('|')})`;
const WEEKDAY = `(${[...WEEKDAYS_EN, ...WEEKDAYS_ES].join('|')})`;

const ABBR: Record<string, number> = { jan: 0, ene: 0, feb: 1, mar: 2, apr: 3, abr: 3, jun: 5, jul: 6, aug: 7, ago: 7, sep: 8, sept: 8, setiembre: 8, oct: 9, nov: 10, dec: 11, dic: 11 };

function monthIndex(m: string): number {
  if (ABBR[m] !== undefined) return ABBR[m]!;
  const en = MONTHS_EN.indexOf(m);
  return en >= 0 ? en : MONTHS_ES.indexOf(m);
}

function num(s: string): number {
  return NUMBERS[s] ?? Number(s);
}

const pad = (n: number): string => String(n).padStart(2, '0');
const ymd = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const ym = (y: number, m0: number): string => `${y}-${pad(m0 + 1)}`;

function pubDate(ctx: DateContext): Date {
  return new Date(`${ctx.pub}T00:00:00Z`);
}

function addDays(ctx: DateContext, days: number, from?: string): string {
  const d = from ? new Date(`${from}T00:00:00Z`) : pubDate(ctx);
  d.setUTCDate(d.getUTCDate() + days);
  return ymd(d);
}

function addMonths(ctx: DateContext, months: number): string {
  const d = pubDate(ctx);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  return ym(Math.floor(total / 12), ((total % 12) + 12) % 12);
}

function pubYear(ctx: DateContext): number {
  return Number(ctx.pub.slice(0, 4));
}

/** The latest given month on or before publication (a month named without a year). */
function recentMonth(ctx: DateContext, m0: number): string {
  const y = pubYear(ctx);
  const pm = Number(ctx.pub.slice(5, 7)) - 1;
  return ym(m0 <= pm ? y : y - 1, m0);
}

function dayIn(year: number | undefined, m0: number, day: number, ctx: DateContext): string {
  if (year !== undefined) return `${year}-${pad(m0 + 1)}-${pad(day)}`;
  // Without a year, the month closest to publication (a "November 14" in a 10 Nov item is ahead).
  const y = pubYear(ctx);
  const candidates = [y - 1, y, y + 1].map((yy) => `${yy}-${pad(m0 + 1)}-${pad(day)}`);
  const p = pubDate(ctx).getTime();
  return candidates.sort((a, b) => Math.abs(Date.parse(a) - p) - Math.abs(Date.parse(b) - p))[0]!;
}

type Handler = (m: RegExpExecArray, ctx: DateContext) => { date: PartialDate | null; label?: string; vaguePast?: boolean } | null;

const EVENT_NOUN_AFTER = /^\s*(requests?|visits?|trips?|arrests?|detentions?|extraditions?|notices?|tour|journey)\b/;
const ADJECTIVE_BEFORE = /\b(the|a|an|its|his|their)\s+$/;
const CRIME_AFTER = /^\s*(amia\s+|jewish\s+)?(bombing|attack|blast|atentado|voladura|explosion)/;
const CRIME_BEFORE = /(atentado|voladura|bombing|attack|ataque|explosion)\s+(de|del|of|in|en)\s+$/;
const LIMIT_BEFORE = /(until|till|through|to|hasta|by|desde|since|from)\s+(the\s+)?(year\s+|el\s+ano\s+)?$/;

const RULES: { re: RegExp; handle: Handler }[] = [
  {
    // 11 de julio de 2018; entre el 11 y el 13 de julio; el 14 y 15 de noviembre
    re: new RegExp(`\\b(\\d{1,2})(?:\\s*(?:y|al|-|a)\\s*(?:el\\s+)?\\d{1,2})?\\s+de\\s+${MONTH}(?:\\s+(?:de|del)\\s+(\\d{4}))?\\b`, 'g'),
    handle: (m, ctx) => ({ date: dayIn(m[3] ? Number(m[3]) : ctx.sentenceYear, monthIndex(m[2]!), Number(m[1]), ctx) }),
  },
  {
    // November 14 and 15, 2019; July 11
    re: new RegExp(`\\b${MONTH_ABBR}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:\\s*(?:and|-|to)\\s*\\d{1,2}(?:st|nd|rd|th)?)?(?:,?\\s+(\\d{4}))?\\b`, 'g'),
    handle: (m, ctx) => ({ date: dayIn(m[3] ? Number(m[3]) : ctx.sentenceYear, monthIndex(m[1]!), Number(m[2]), ctx) }),
  },
  {
    // 14 November 2019; 11-13 July
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s*(?:and|-|to)\\s*\\d{1,2}(?:st|nd|rd|th)?)?\\s+(?:of\\s+)?${MONTH_ABBR}(?:,?\\s+(\\d{4}))?\\b`, 'g'),
    handle: (m, ctx) => ({ date: dayIn(m[3] ? Number(m[3]) : ctx.sentenceYear, monthIndex(m[2]!), Number(m[1]), ctx) }),
  },
  {
    // July 2016; julio de 2016
    re: new RegExp(`\\b${MONTH}\\s+(?:of\\s+|de\\s+|del\\s+)?(\\d{4})\\b`, 'g'),
    handle: (m) => ({ date: ym(Number(m[2]), monthIndex(m[1]!)) }),
  },
  {
    // in May; that November; en abril (never the modal "may" without a preposition)
    re: new RegExp(`\\b(in|since|early|late|mid|last|this|that|en|desde|ese|aquel|el pasado|el mes de|a fines de|a principios de|a mediados de)\\s*-?\\s*${MONTH}\\b(?!\\s+(?:de\\s+|del\\s+|of\\s+)?\\d{4})(?!\\s+\\d{1,2}\\b)`, 'g'),
    handle: (m, ctx) => {
      const m0 = monthIndex(m[2]!);
      const year = ctx.sentenceYear ?? (/^(that|ese|aquel)$/.test(m[1]!) ? ctx.lastYear : undefined);
      return { date: year !== undefined ? ym(year, m0) : recentMonth(ctx, m0) };
    },
  },
  {
    re: /\b(last year|el ano pasado|el pasado ano)\b/g,
    handle: (_m, ctx) => ({ date: String(pubYear(ctx) - 1) }),
  },
  {
    re: /\b(this year|este ano|earlier this year|a principios de este ano)\b/g,
    handle: (_m, ctx) => ({ date: String(pubYear(ctx)) }),
  },
  {
    re: /\b(that same year|that year|the same year|same year|ese mismo ano|ese ano|el mismo ano|aquel ano|ese mismo periodo)\b/g,
    handle: (_m, ctx) => ({ date: String(ctx.lastYear ?? pubYear(ctx)) }),
  },
  {
    re: new RegExp(`\\b${NUM}\\s+(?:years?|anos?)\\s+(?:later|after|afterwards|despues|mas tarde)\\b`, 'g'),
    handle: (m, ctx) => (ctx.lastYear !== undefined ? { date: String(ctx.lastYear + num(m[1]!)) } : null),
  },
  {
    re: /\b(the previous year|the year before|el ano anterior)\b/g,
    handle: (_m, ctx) => ({ date: String((ctx.lastYear ?? pubYear(ctx)) - 1) }),
  },
  {
    re: new RegExp(`\\b${NUM}\\s+(?:years?|anos?)\\s+(?:earlier|before|antes)\\b`, 'g'),
    handle: (m, ctx) => (ctx.lastYear !== undefined ? { date: String(ctx.lastYear - num(m[1]!)) } : { date: null, vaguePast: true }),
  },
  {
    re: /\b(the following year|the next year|al ano siguiente|el ano siguiente)\b/g,
    handle: (_m, ctx) => (ctx.lastYear !== undefined ? { date: String(ctx.lastYear + 1) } : null),
  },
  {
    re: new RegExp(`\\b(?:${NUM}\\s+years?\\s+ago|hace\\s+${NUM}\\s+anos)\\b`, 'g'),
    handle: (m, ctx) => ({ date: String(pubYear(ctx) - num(m[1] ?? m[2]!)) }),
  },
  {
    re: new RegExp(`\\b(?:${NUM}\\s+months?\\s+ago|hace\\s+${NUM}\\s+mes(?:es)?)\\b`, 'g'),
    handle: (m, ctx) => ({ date: addMonths(ctx, -num(m[1] ?? m[2]!)) }),
  },
  {
    re: /\b(this month|earlier this month|este mes|a principios de (?:este )?mes|en lo que va del mes)\b/g,
    handle: (_m, ctx) => ({ date: ctx.pub.slice(0, 7) }),
  },
  {
    re: /\b(last month|el mes pasado|el pasado mes)\b/g,
    handle: (_m, ctx) => ({ date: addMonths(ctx, -1) }),
  },
  {
    re: new RegExp(`\\b(?:${NUM}\\s+(?:weeks?)\\s+ago|hace\\s+${NUM}\\s+semanas?)\\b`, 'g'),
    handle: (m, ctx) => ({ date: addDays(ctx, -7 * num(m[1] ?? m[2]!)) }),
  },
  {
    // Relative to the last day the item gave: "the next day", "three days later", "the week before".
    re: new RegExp(`\\b(?:(the next day|the following day|a day later|the day after|al dia siguiente|el dia siguiente|un dia despues)|(the day before|the previous day|a day earlier|el dia anterior|la vispera|un dia antes)|${NUM}\\s+(?:days?|dias)\\s+(later|after|afterwards|despues|mas tarde|earlier|before|antes)|(the week before|the previous week|a week earlier|la semana anterior|una semana antes)|(a week later|the following week|the next week|una semana despues|la semana siguiente))\\b`, 'g'),
    handle: (m, ctx) => {
      const from = ctx.lastDay ?? ctx.pub;
      const back = !!m[2] || !!m[5] || (!!m[3] && /earlier|before|antes/.test(m[4]!));
      // "A day after his arrival" with no day given counts from an event, not from publication.
      if (!back && !ctx.lastDay) return null;
      if (m[1]) return { date: addDays(ctx, 1, from) };
      if (m[2]) return { date: addDays(ctx, -1, from) };
      if (m[3]) return { date: addDays(ctx, back ? -num(m[3]) : num(m[3]), from) };
      if (m[5]) return { date: addDays(ctx, -7, from) };
      return { date: addDays(ctx, 7, from) };
    },
  },
  {
    re: /\b(last week|la semana pasada|la pasada semana)\b/g,
    handle: (_m, ctx) => ({ date: addDays(ctx, -7) }),
  },
  {
    re: /\b(next week|la semana proxima|la proxima semana|la semana que viene)\b/g,
    handle: (_m, ctx) => ({ date: addDays(ctx, 7) }),
  },
  {
    re: /\b(this week|esta semana|today|hoy|tonight|esta noche|this morning|esta manana)\b/g,
    handle: (_m, ctx) => ({ date: ctx.pub }),
  },
  {
    re: /\b(yesterday|ayer)\b/g,
    handle: (_m, ctx) => ({ date: addDays(ctx, -1) }),
  },
  {
    re: new RegExp(`\\b(?:(on|last|this|next|el|este|el pasado|el proximo|este proximo)\\s+)?${WEEKDAY}(?:'s)?\\b`, 'g'),
    handle: (m, ctx) => {
      const name = m[2]!;
      const idx = WEEKDAYS_EN.includes(name) ? WEEKDAYS_EN.indexOf(name) : WEEKDAYS_ES.indexOf(name);
      const pubDow = pubDate(ctx).getUTCDay();
      if (m[1] && /next|proximo/.test(m[1])) return { date: addDays(ctx, ((idx - pubDow + 7) % 7) || 7) };
      // A weekday in a report is the latest such day up to publication ("on Friday").
      return { date: addDays(ctx, -((pubDow - idx + 7) % 7)) };
    },
  },
  {
    // A year: "in 2016", "2003" (not "until 2027", not "the 1994 bombing").
    re: /\b(?:(?:in|en|of|de|del|during|durante)\s+)?((?:19[89]|20\d)\d)\b(?!\s*-\s*\d)/g,
    handle: (m, ctx) => {
      const y = Number(m[1]);
      if (y > pubYear(ctx)) return null;
      return { date: String(y) };
    },
  },
  {
    re: /\b(months|weeks|years)\s+(later|after|earlier|before|ago)\b|\b(meses|semanas|anos)\s+(despues|antes|atras)\b|\bhace\s+(unos|varios|algunos)\s+(meses|anos)\b|\b(previously|in the past|anteriormente|en el pasado|not the first time|no es la primera vez|once|repeatedly|several times|in recent years|reiteradamente|en varias ocasiones|en los ultimos anos|alguna vez|ya habia)\b/g,
    handle: () => ({ date: null, vaguePast: true }),
  },
];

/**
 * Finds the date expressions of a clause, left to right, resolving relative ones against `ctx`;
 * a dated expression updates `ctx.lastYear` and `ctx.sentenceYear` for what follows.
 */
export function findDateAnchors(lower: string, ctx: DateContext): DateAnchor[] {
  const raw: { start: number; end: number; rule: number; m: RegExpExecArray }[] = [];
  RULES.forEach((r, i) => {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(lower); m; m = r.re.exec(lower)) {
      if (i === RULES.length - 2) {
        // Years: skip limits ("hasta 2027") and the crime's own year used as a name ("the 1994 bombing").
        const before = lower.slice(Math.max(0, m.index - 30), m.index + m[0].indexOf(m[1]!));
        const after = lower.slice(m.index + m[0].length, m.index + m[0].length + 30);
        if (LIMIT_BEFORE.test(before) || CRIME_AFTER.test(after) || CRIME_BEFORE.test(before)) continue;
        // "a 2009 warrant" names a thing; "the 2009 request" still dates the request.
        if (ADJECTIVE_BEFORE.test(before) && !EVENT_NOUN_AFTER.test(after)) continue;
      }
      raw.push({ start: m.index, end: m.index + m[0].length, rule: i, m });
    }
  });
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: DateAnchor[] = [];
  let lastEnd = -1;
  for (const r of raw) {
    if (r.start < lastEnd) continue;
    const res = RULES[r.rule]!.handle(r.m, ctx);
    if (!res) continue;
    lastEnd = r.end;
    const label = res.date ? `${r.m[0].trim()} -> ${res.date}` : r.m[0].trim();
    out.push({ start: r.start, end: r.end, date: res.date, label, vaguePast: res.vaguePast ?? false });
    if (res.date) {
      if (res.date.length === 10) ctx.lastDay = res.date;
      const y = Number(res.date.slice(0, 4));
      ctx.lastYear = y;
      ctx.sentenceYear = y;
    }
  }
  return out;
}
