/**
 * `casewatch scan <file|dir|url>... [--as-of YYYY-MM-DD] [--json] [--explain]`: reads feeds
 * through the poller's fetch and parse path and prints what the detector finds, storing nothing.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { detectEvents } from '../../lambdas/domain/detect.ts';
import type { CaseRecord, DetectedEvent, NewsItem } from '../../lambdas/domain/types.ts';
import { readFeedSources } from '../../lambdas/feeds/sources.ts';
import { loadCaseFiles, recordAsOf } from '../../seed/load-case.ts';

const USAGE = 'usage: casewatch scan <file|dir|url>... [--as-of YYYY-MM-DD] [--json] [--explain]';

/** A flag or argument the user got wrong. */
export class ScanUsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScanUsageError';
  }
}

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a calendar date');

const ScanOptions = z.object({
  sources: z.array(z.string().min(1)).min(1, 'name at least one feed file, directory or URL'),
  asOf: isoDay,
  json: z.boolean(),
  explain: z.boolean(),
});
export type ScanOptions = z.infer<typeof ScanOptions>;

/** Parses and validates the command line; throws ScanUsageError with a one-line message. */
export function parseScanArgs(argv: string[], today: string = new Date().toISOString().slice(0, 10)): ScanOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'as-of': { type: 'string' },
        json: { type: 'boolean', default: false },
        explain: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new ScanUsageError((err as Error).message.split('\n')[0]!, { cause: err });
  }
  if (parsed.values.help) return 'help';
  const result = ScanOptions.safeParse({
    sources: parsed.positionals,
    asOf: parsed.values['as-of'] ?? today,
    json: parsed.values.json,
    explain: parsed.values.explain,
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ScanUsageError(issue.path[0] === 'asOf' ? `--as-of ${issue.message}` : issue.message);
  }
  return result.data;
}

/** One event found in one item. */
export interface ScanHit {
  readonly caseId: string;
  readonly item: NewsItem;
  readonly event: DetectedEvent;
}

/** What scanning one source produced. */
export type ScanResult =
  | { readonly source: string; readonly items: number; readonly hits: readonly ScanHit[] }
  | { readonly source: string; readonly error: string };

/**
 * Scans sources against every case record as it stood on `asOf`; one result per source, a
 * failed source is a result with `error`, never a throw.
 */
export async function* scanSources(specs: readonly string[], records: readonly CaseRecord[], asOf: string): AsyncGenerator<ScanResult> {
  const asOfRecords = records.map((r) => recordAsOf(r, asOf));
  for await (const res of readFeedSources(specs)) {
    if ('error' in res) {
      yield { source: res.source, error: res.error };
      continue;
    }
    const hits: ScanHit[] = [];
    try {
      for (const raw of res.items) {
        const item: NewsItem = raw.lang || !res.feedLang ? raw : { ...raw, lang: res.feedLang };
        for (const record of asOfRecords) {
          for (const event of detectEvents(item, record, asOf)) hits.push({ caseId: record.caseId, item, event });
        }
      }
    } catch (err) {
      // A detector bug on one feed is reported as that source's failure, not a crash of the scan.
      yield { source: res.source, error: `detection failed: ${(err as Error).message.split('\n')[0]}` };
      continue;
    }
    yield { source: res.source, items: res.items.length, hits };
  }
}

/** The JSON line printed for one event. */
export function hitToJson(h: ScanHit): Record<string, unknown> {
  const e = h.event;
  return {
    link: h.item.link,
    caseId: h.caseId,
    accused: e.accused,
    type: e.type,
    country: e.country,
    date: e.date,
    known: e.known,
    ...(e.knownEventId ? { knownEventId: e.knownEventId } : {}),
    title: h.item.title,
    evidence: e.evidence,
  };
}

function hitToText(h: ScanHit, explain: boolean): string {
  const e = h.event;
  const status = e.known ? `known ${e.knownEventId ?? ''}`.trim() : 'NEW';
  const line = `${e.date.padEnd(10)}  ${e.accused.padEnd(14)} ${e.type.padEnd(14)} ${(e.country ?? '-').padEnd(3)} ${status}  ${h.item.title} <${h.item.link}>`;
  if (!explain) return line;
  const ev = e.evidence;
  return [
    line,
    `    alias:    ${ev.alias}`,
    `    sentence: ${ev.sentence}`,
    `    cues:     ${ev.cues.join(', ')}`,
    `    date:     ${ev.dateAnchor}`,
  ].join('\n');
}

/** Entry point for `casewatch scan`. Exit 0 when every source was read, 1 if any failed, 2 on bad usage. */
export async function run(argv: string[]): Promise<number> {
  let opts: ScanOptions | 'help';
  try {
    opts = parseScanArgs(argv);
  } catch (err) {
    if (err instanceof ScanUsageError) {
      console.error(`casewatch scan: ${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (opts === 'help') {
    console.log(USAGE);
    return 0;
  }
  let records: CaseRecord[];
  try {
    records = await loadCaseFiles();
  } catch (err) {
    console.error(`casewatch scan: cannot load the case files: ${(err as Error).message.split('\n')[0]}`);
    return 1;
  }
  let failed = 0;
  for await (const res of scanSources(opts.sources, records, opts.asOf)) {
    if ('error' in res) {
      failed++;
      if (opts.json) console.log(JSON.stringify({ source: res.source, error: res.error }));
      else console.error(`${res.source}: ${res.error}`);
      continue;
    }
    for (const h of res.hits) console.log(opts.json ? JSON.stringify(hitToJson(h)) : hitToText(h, opts.explain));
    if (opts.json) console.log(JSON.stringify({ source: res.source, items: res.items }));
    else console.error(`${res.source}: ${res.items} items, ${res.hits.length} events (${res.hits.filter((h) => !h.event.known).length} new) as of ${opts.asOf}`);
  }
  return failed > 0 ? 1 : 0;
}
