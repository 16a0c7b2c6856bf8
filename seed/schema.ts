/**
 * The shape of a case file (`seed/<case>.json`) and the rules it must satisfy before anything is
 * written: parsed with zod once, here, so the seeder and the detector receive checked values.
 *
 * The accused and the case accept fields this schema does not name (the detector may grow its own
 * name data); events are strict, because a misspelt event field would silently lose a fact.
 */
// The core without its entry point, which registers all ~80 languages: codes are all this needs.
import countries from 'i18n-iso-countries/index.js';
import { z } from 'zod';
import { eventId } from '../lambdas/domain/keys.ts';
import { EVENT_TYPES } from '../lambdas/domain/types.ts';

/** `YYYY-MM-DD` (precision day) or `YYYY-MM` (precision month). */
const PARTIAL_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** Ids become parts of table keys, where `#` separates fields: lower-case words and hyphens only. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Today's date (UTC) as `YYYY-MM-DD`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether `value` is an upper-case ISO 3166-1 alpha-2 code that names a country ("AZ"). */
export function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && countries.isValid(value);
}

/** The precision a well-formed date string carries, or undefined when it is not a real date. */
export function datePrecisionOf(value: string): 'day' | 'month' | undefined {
  const m = PARTIAL_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const month = Number(mo);
  if (month < 1 || month > 12) return undefined;
  if (d === undefined) return 'month';
  const day = Number(d);
  // Date.UTC rolls 2019-02-30 over into March; a real day survives the round trip.
  const parsed = new Date(Date.UTC(Number(y), month - 1, day));
  return parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day ? 'day' : undefined;
}

/** Lower case, accents removed: "Alí" and "ali" are the same name for the namesake rule. */
function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

export interface CaseFileRules {
  /** Dates after this day (`YYYY-MM-DD`) are in the future and rejected. Default: today (UTC). */
  readonly today?: string;
}

const text = z.string().trim().min(1);
const texts = z.array(text).default([]);
const slug = z.string().regex(SLUG, { error: 'expected lower-case letters, digits and hyphens (it becomes part of a table key)' });
const countryCode = z.string().superRefine((value, ctx) => {
  if (!isCountryCode(value)) ctx.addIssue({ code: 'custom', message: `'${value}' is not an ISO 3166-1 alpha-2 country code` });
});

function partialDate(today: string) {
  return z.string().superRefine((value, ctx) => {
    if (!datePrecisionOf(value)) {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not a date (expected YYYY-MM-DD or YYYY-MM)` });
    } else if (value.slice(0, 7) > today.slice(0, 7) || (value.length === 10 && value > today)) {
      // A month is in the future only once all of it is: "2026-11" is fine on 2026-11-27.
      ctx.addIssue({ code: 'custom', message: `'${value}' is in the future (today is ${today})` });
    }
  });
}

/** The zod schema of a case file, with the future measured from `rules.today`. */
export function caseFileSchema(rules: CaseFileRules = {}) {
  const today = rules.today ?? todayUtc();
  const date = partialDate(today);

  const accused = z.looseObject({
    id: slug,
    name: text,
    aliases: texts,
    nativeNames: texts,
    surnames: texts,
    role: text,
    roleTerms: texts,
    status: text,
    nationality: countryCode,
    homeCountries: z.array(countryCode).default([]),
    redNotice: z.boolean(),
    redNoticeStatus: text.optional(),
    deceased: date.optional(),
    deceasedNote: text.optional(),
  });

  const event = z.strictObject({
    date,
    datePrecision: z.enum(['day', 'month']),
    accused: slug,
    type: z.enum(EVENT_TYPES),
    country: countryCode.nullable(),
    summary: text,
    sourceUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  });

  return z
    .looseObject({
      caseId: slug,
      title: text,
      contextTerms: texts,
      accused: z.array(accused).min(1, { error: 'a case needs at least one accused' }),
      namesakes: texts,
      notNames: texts,
      events: z.array(event),
    })
    .superRefine((file, ctx) => {
      const accusedIndex = new Map<string, number>();
      file.accused.forEach((a, i) => {
        const first = accusedIndex.get(a.id);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['accused', i, 'id'], message: `duplicate accused id '${a.id}' (also accused[${first}])` });
        } else {
          accusedIndex.set(a.id, i);
        }
      });

      const names = new Map<string, string>();
      for (const a of file.accused) {
        for (const n of [a.name, ...a.aliases, ...a.nativeNames]) names.set(foldName(n), a.id);
      }
      file.namesakes.forEach((n, i) => {
        const owner = names.get(foldName(n));
        if (owner) {
          ctx.addIssue({ code: 'custom', path: ['namesakes', i], message: `'${n}' is a name of accused '${owner}'; a namesake cannot also be his name` });
        }
      });

      const eventIndex = new Map<string, number>();
      file.events.forEach((e, i) => {
        if (!accusedIndex.has(e.accused)) {
          ctx.addIssue({ code: 'custom', path: ['events', i, 'accused'], message: `unknown accused '${e.accused}' (not an id in accused[])` });
        }
        if (e.type === 'red_notice' && e.country !== null) {
          ctx.addIssue({ code: 'custom', path: ['events', i, 'country'], message: `a red_notice event has no country (use null, not '${e.country}')` });
        } else if (e.type !== 'red_notice' && e.country === null) {
          ctx.addIssue({ code: 'custom', path: ['events', i, 'country'], message: `an event of type ${e.type} needs a country` });
        }
        const precision = datePrecisionOf(e.date);
        if (precision && precision !== e.datePrecision) {
          ctx.addIssue({ code: 'custom', path: ['events', i, 'datePrecision'], message: `'${e.datePrecision}' does not match date '${e.date}' (precision ${precision})` });
        }
        const id = eventId(e);
        const first = eventIndex.get(id);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['events', i], message: `duplicate event ${id} (same as events[${first}])` });
        } else {
          eventIndex.set(id, i);
        }
      });
    });
}

/** A case file as validated, before ids and origins are added. */
export type CaseFile = z.output<ReturnType<typeof caseFileSchema>>;

/** One problem in a case file: where (`accused[3].aliases[2]`) and what. */
export interface CaseFileIssue {
  readonly path: string;
  readonly message: string;
}

/** `['accused', 3, 'aliases', 2]` -> `accused[3].aliases[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

const ARTICLE: Record<string, string> = { array: 'an array', object: 'an object', int: 'an integer' };

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: any = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[key as any];
  }
  return v;
}

/** Rewords zod's issues into the one-line messages a person editing the file needs. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): CaseFileIssue {
  const path = issue.path;
  let message = issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = ARTICLE[issue.expected] ?? `a ${issue.expected}`;
      message = valueAt(input, path) === undefined ? `missing (expected ${expected})` : `expected ${expected}`;
      break;
    }
    case 'invalid_value':
      message = `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
      break;
    case 'unrecognized_keys':
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
      break;
    case 'too_small':
      if (issue.origin === 'string') message = 'must not be empty';
      break;
  }
  return { path: formatPath(path), message };
}

/** A case file that cannot be seeded; the message names the file, the place and the problem. */
export class CaseFileError extends Error {
  readonly file: string;
  readonly issues: readonly CaseFileIssue[];

  constructor(file: string, issues: readonly CaseFileIssue[], options?: { cause?: unknown }) {
    const shown = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
    super(`${file}: ${shown.join('; ')}${more}`, options);
    this.name = 'CaseFileError';
    this.file = file;
    this.issues = issues;
  }
}
