/** `casewatch query`: the accused, the events and the sources of the case record. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { DynamoCaseQuery, attachedAtOf, planEventQuery, type EventFilter, type StoredEvent, type StoredItem } from '../../lambdas/adapters/dynamo-case-query.ts';
import { EVENT_TYPES, type EventType } from '../../lambdas/domain/types.ts';
import { SEED_DIR } from '../../seed/load-case.ts';
import { datePrecisionOf, isCountryCode } from '../../seed/schema.ts';
import { configuredDynamoEndpoint, openCaseTable } from '../local/embedded.ts';

const HELP = `usage: casewatch query accused [ID] [--json]
       casewatch query events [--accused ID] [--type T] [--country CC] [--since D] [--until D]
                              [--detected-only] [--json | --jsonl]
       casewatch query sources EVENT-ID [--json]

  accused   every accused (or one) with status, red notice and last known event
  events    events newest first; --type is one of ${EVENT_TYPES.join(', ')};
            --country an ISO code (AZ); --since/--until YYYY, YYYY-MM or YYYY-MM-DD, inclusive;
            --detected-only keeps what the poller added
  sources   the seed's source and every article attached to an event
            (EVENT-ID as listed by 'query events', e.g. 2019-11-08#velayati#arrest_request#AZ)

common options:
  --case ID     case to query (default: the only case in seed/)
  --table NAME  table name (default: $CASEWATCH_TABLE or casewatch)
  --json        a JSON array (one object for 'accused ID'); --jsonl: one object per line

Reads the embedded database (.casewatch/db, created and seeded on first use) unless
AWS_ENDPOINT_URL_DYNAMODB (or AWS_ENDPOINT_URL) names an endpoint. Every query reads one index
or one key range; none scans the table.`;

/** Thrown for input a user must correct; printed as one line, exit 2. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Thrown when what was asked for is not in the table; printed as one line, exit 1. */
class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const bound = z
  .string()
  .refine((v) => /^\d{4}$/.test(v) || datePrecisionOf(v) !== undefined, { error: (i) => `'${String(i.input)}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)` });

const EventFlags = z
  .object({
    accused: slug.optional(),
    type: z.enum(EVENT_TYPES, { error: (i) => `'${String(i.input)}' is not one of ${EVENT_TYPES.join(', ')}` }).optional(),
    country: z
      .string()
      .transform((v) => v.toUpperCase())
      .refine(isCountryCode, { error: (i) => `'${String(i.input)}' is not an ISO 3166-1 alpha-2 code (e.g. AZ)` })
      .optional(),
    since: bound.optional(),
    until: bound.optional(),
    detectedOnly: z.boolean().default(false),
  })
  .refine((f) => !f.since || !f.until || f.since <= f.until, { error: '--since must not be after --until', path: ['since'] });

const OPTIONS = {
  accused: { type: 'string' },
  type: { type: 'string' },
  country: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'detected-only': { type: 'boolean' },
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  case: { type: 'string' },
  table: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];
type Output = 'table' | 'json' | 'jsonl';

/** Runs `casewatch query`; 0 on success, 1 when nothing matches an id or the table is missing, 2 on bad input. */
export async function run(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`casewatch query: ${err.message}`);
      return 2;
    }
    if (err instanceof NotFoundError) {
      console.error(`casewatch query: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('. ')[0]} (see casewatch query --help)`);
  }
  const { values, positionals } = parsed;
  const [what, ...rest] = positionals;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!what) {
    console.error(HELP);
    return 2;
  }
  if (values.json && values.jsonl) throw new UsageError('--json and --jsonl are exclusive');
  const output: Output = values.jsonl ? 'jsonl' : values.json ? 'json' : 'table';
  if (what === 'accused') {
    if (rest.length > 1) throw new UsageError(`'query accused' takes at most one ID, got ${rest.length}`);
    if (rest[0] !== undefined && !slug.safeParse(rest[0]).success) throw new UsageError(`'${rest[0]}' is not an accused id (e.g. velayati)`);
    rejectEventFlags(values, 'accused');
    return withQuery(values, (q, caseId) => showAccused(q, caseId, rest[0], output));
  }
  if (what === 'events') {
    if (rest.length > 0) throw new UsageError(`'query events' takes no positional argument (got '${rest[0]}'); filter with --accused, --type, ...`);
    const flags = EventFlags.safeParse({
      accused: values.accused,
      type: values.type,
      country: values.country,
      since: values.since,
      until: values.until,
      detectedOnly: values['detected-only'],
    });
    if (!flags.success) {
      const issue = flags.error.issues[0]!;
      const flag = String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      throw new UsageError(issue.message.startsWith('--') ? issue.message : `--${flag} ${issue.message}`);
    }
    return withQuery(values, (q, caseId) => showEvents(q, caseId, flags.data as EventFilter, output));
  }
  if (what === 'sources') {
    if (rest.length !== 1) throw new UsageError("'query sources' needs one EVENT-ID (as listed by 'casewatch query events')");
    rejectEventFlags(values, 'sources');
    return withQuery(values, (q, caseId) => showSources(q, caseId, rest[0]!, output));
  }
  throw new UsageError(`unknown query '${what}': use accused, events or sources`);
}

function rejectEventFlags(values: Values, what: string): void {
  for (const flag of ['accused', 'type', 'country', 'since', 'until', 'detected-only'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to 'query events', not 'query ${what}'`);
  }
}

/** The case to query: --case, else the only case shipped in seed/. */
async function caseIdFrom(values: Values): Promise<string> {
  if (values.case !== undefined) {
    if (!slug.safeParse(values.case).success) throw new UsageError(`--case '${values.case}' is not a case id (e.g. amia-1994)`);
    return values.case;
  }
  const ids: string[] = [];
  for (const name of (await readdir(SEED_DIR)).filter((n) => n.endsWith('.json')).sort()) {
    try {
      const id = (JSON.parse(await readFile(join(SEED_DIR, name), 'utf8')) as { caseId?: unknown }).caseId;
      if (typeof id === 'string') ids.push(id);
    } catch {
      // A broken file is 'casewatch seed's to report; here it only cannot name a default.
    }
  }
  if (ids.length === 1) return ids[0]!;
  throw new UsageError(ids.length ? `several cases (${ids.join(', ')}): pass --case ID` : 'no case in seed/: pass --case ID');
}

async function withQuery(values: Values, body: (q: DynamoCaseQuery, caseId: string) => Promise<number>): Promise<number> {
  const caseId = await caseIdFrom(values);
  if (values.table !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(values.table)) throw new UsageError(`--table '${values.table}' is not a table name`);
  // The embedded database is created and seeded on first use; an endpoint the user named is only read.
  const table = await openCaseTable({ tableName: values.table, ensureSeeded: !configuredDynamoEndpoint() });
  try {
    return await body(new DynamoCaseQuery(table.doc, table.tableName), caseId);
  } catch (err) {
    if (err instanceof ResourceNotFoundException) {
      throw new NotFoundError(`table '${table.tableName}' not found at ${table.endpoint}: run 'casewatch seed' first`);
    }
    throw err;
  } finally {
    await table.close();
  }
}

// ---- rendering -------------------------------------------------------------------------------

const INTERNAL = /^(pk|sk|gsi\d+(pk|sk)|entity)$/;

/** An item without its key and index attributes: what a reader of --json cares about. */
function publicFields(item: StoredItem): StoredItem {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.test(k)));
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function table(rows: readonly (readonly string[])[], header: readonly string[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function print(output: Output, values: readonly unknown[]): void {
  if (output === 'jsonl') for (const v of values) console.log(JSON.stringify(v));
  else console.log(JSON.stringify(values, null, 2));
}

function eventLabel(e: StoredEvent): string {
  return `${e.date} ${e.type}${e.country ? ` ${e.country}` : ''}`;
}

async function showAccused(q: DynamoCaseQuery, caseId: string, id: string | undefined, output: Output): Promise<number> {
  const all = await q.listAccused(caseId);
  if (all.length === 0) throw new NotFoundError(`no accused in case '${caseId}' in this table: run 'casewatch seed' first`);
  const chosen = id === undefined ? all : all.filter((a) => a.id === id);
  if (chosen.length === 0) throw new NotFoundError(`no accused '${id}' in case '${caseId}' (known: ${all.map((a) => a.id).join(', ')})`);
  const withLast = await Promise.all(chosen.map(async (a) => ({ a, last: await q.lastEventOf(caseId, String(a.id)) })));

  if (output !== 'table') {
    const objects = withLast.map(({ a, last }) => ({
      ...publicFields(a),
      lastEvent: last ? { id: last.id, date: last.date, type: last.type, country: last.country, summary: last.summary, origin: last.origin } : null,
    }));
    if (id !== undefined && output === 'json') console.log(JSON.stringify(objects[0], null, 2));
    else print(output, objects);
    return 0;
  }
  if (id !== undefined) {
    const { a, last } = withLast[0]!;
    const rows: [string, unknown][] = [
      ['also written', (a.aliases as string[] | undefined)?.join(', ')],
      ['native script', (a.nativeNames as string[] | undefined)?.join(', ')],
      ['role in 1994', a.role],
      ['nationality', a.nationality],
      ['status', a.status],
      ['red notice', `${a.redNotice ? 'yes' : 'no'}${a.redNoticeStatus ? `: ${a.redNoticeStatus}` : ''}`],
      ['deceased', a.deceased || a.deceasedNote ? [a.deceased, a.deceasedNote].filter(Boolean).join(': ') : 'no death reported'],
      ['last known event', last ? `${eventLabel(last)} (${last.origin}): ${last.summary}` : 'none'],
    ];
    console.log(`${a.id}: ${a.name}`);
    for (const [k, v] of rows) if (v) console.log(`  ${k.padEnd(17)} ${String(v)}`);
    return 0;
  }
  console.log(
    table(
      withLast.map(({ a, last }) => [
        String(a.id),
        String(a.name),
        a.redNotice ? 'yes' : 'no',
        clip(String(a.status), 48),
        last ? eventLabel(last) : '-',
      ]),
      ['ID', 'NAME', 'RED NOTICE', 'STATUS', 'LAST KNOWN EVENT'],
    ),
  );
  return 0;
}

async function showEvents(q: DynamoCaseQuery, caseId: string, filter: EventFilter, output: Output): Promise<number> {
  const events = await q.listEvents(caseId, filter);
  // Articles live in their own items; only events the poller touched have any.
  const attached = await Promise.all(events.map((e) => (e.origin === 'detected' || Number(e.sourceCount) > 0 ? q.listSources(caseId, e.id) : Promise.resolve([]))));
  const views = events.map((e, i) => {
    // A detected event's sourceUrl is its first article, which is also a SOURCE item.
    const sources = [...new Set([...(e.sourceUrl ? [e.sourceUrl] : []), ...attached[i]!.map((s) => s.link)])];
    return {
      id: e.id,
      accused: e.accused,
      type: e.type as EventType,
      country: e.country ?? null,
      date: e.date,
      ...(e.datePrecision ? { datePrecision: e.datePrecision } : {}),
      summary: e.summary,
      sources,
      origin: e.origin,
      ...(e.detectedAt ? { detectedAt: e.detectedAt } : {}),
      ...(e.alertStatus ? { alertStatus: e.alertStatus } : {}),
    };
  });
  if (output !== 'table') {
    print(output, views);
    return 0;
  }
  const plan = planEventQuery(caseId, filter);
  const served = plan.indexName ? `${plan.indexName} index` : 'case partition';
  if (views.length === 0) {
    console.log(`no events in ${caseId} match (${served})`);
    return 0;
  }
  console.log(
    table(
      views.map((v) => [v.date, v.accused, v.type, v.country ?? '-', v.origin === 'detected' ? `detected ${v.detectedAt?.slice(0, 10) ?? ''}`.trim() : 'seed', String(v.sources.length), clip(v.summary, 70)]),
      ['DATE', 'ACCUSED', 'TYPE', 'CC', 'ORIGIN', 'SRC', 'SUMMARY'],
    ),
  );
  console.log(`${views.length} event(s) in ${caseId}, newest first (${served})`);
  return 0;
}

async function showSources(q: DynamoCaseQuery, caseId: string, eventId: string, output: Output): Promise<number> {
  const event = await q.getEvent(caseId, eventId);
  if (!event) throw new NotFoundError(`no event '${eventId}' in case '${caseId}' (ids look like 2019-11-08#velayati#arrest_request#AZ)`);
  const articles = await q.listSources(caseId, eventId);
  // A seeded event cites the case file's source; a detected one's sourceUrl is its first article.
  const seedUrl = event.origin === 'seed' ? event.sourceUrl : articles.some((a) => a.link === event.sourceUrl) ? undefined : event.sourceUrl;
  const rows = [
    ...(seedUrl ? [{ kind: event.origin === 'seed' ? 'seed' : 'detected', link: seedUrl }] : []),
    ...articles.map((s) => ({ kind: 'article', ...publicFields(s as unknown as StoredItem) })),
  ];
  if (output !== 'table') {
    print(output, rows);
    return 0;
  }
  console.log(`${event.id} (${event.origin}): ${event.summary}`);
  if (rows.length === 0) console.log('  no sources');
  if (seedUrl) console.log(`  ${event.origin === 'seed' ? 'seed source ' : 'first source'}  ${seedUrl}`);
  for (const s of articles) {
    console.log(`  ${(s.published ?? attachedAtOf(s)).slice(0, 10).padEnd(12)}  [${s.feedId ?? '?'}] ${s.title ?? ''}`);
    console.log(`                ${s.link}`);
    if (s.sentence) console.log(`                "${clip(s.sentence, 160)}"`);
  }
  return 0;
}
