/**
 * `npm run eval [path]`: scores the scanner on a labeled JSONL set (default ../shared/eval/dev.jsonl)
 * the way ../shared/eval/score.py does: one RSS 2.0 file per distinct asOf, the scan path run on
 * it, alert precision/recall over unknown events, event precision/recall/F1 over
 * (link, accused, type, country), and every false or missed alert and event.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { hitToJson, scanSources } from '../bin/commands/scan.ts';
import { loadCaseFiles } from '../seed/load-case.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const Label = z.object({ accused: z.string(), type: z.string(), country: z.string().nullable(), known: z.boolean() });
const Item = z.object({
  id: z.string().optional(),
  published: z.string(),
  asOf: z.string(),
  link: z.string(),
  title: z.string(),
  summary: z.string(),
  expect: z.array(Label),
});
/** One labeled item of an evaluation set. */
export type Item = z.infer<typeof Item>;

/** XML escaping as Python's xml.sax.saxutils.escape does it (&, <, >). */
function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 2822 date as email.utils.format_datetime prints a UTC datetime. */
function rfc2822(iso: string): string {
  const d = new Date(iso.includes('T') ? iso : `${iso}T12:00:00Z`);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** The RSS file score.py builds for one asOf group. */
export function buildRss(items: readonly Item[]): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0"><channel>',
    '<title>eval</title><link>https://eval.example/</link><description>eval</description>',
  ];
  for (const it of items) {
    out.push(
      `<item><title>${escapeXml(it.title)}</title><link>${escapeXml(it.link)}</link><guid>${escapeXml(it.link)}</guid><pubDate>${rfc2822(it.published)}</pubDate><description>${escapeXml(it.summary)}</description></item>`,
    );
  }
  out.push('</channel></rss>');
  return out.join('\n');
}

type Tuple = [string, string, string, string | null];
const keyOf = (t: Tuple): string => JSON.stringify(t);

/** The bar for detection on a labeled set. */
export const DETECTION_BAR = { alertPrecision: 0.95, alertRecall: 0.95, eventF1: 0.9 } as const;

/** Scores of the scan path on one labeled set, as score.py computes them. */
export interface EvalScore {
  readonly alertPrecision: number;
  readonly alertRecall: number;
  readonly alertsSent: number;
  readonly alertsDue: number;
  readonly alertsRight: number;
  readonly eventPrecision: number;
  readonly eventRecall: number;
  readonly eventF1: number;
  readonly eventsFound: number;
  readonly eventsLabeled: number;
  readonly eventsRight: number;
  /** (link, accused, type, country) tuples, JSON-encoded, per kind of miss. */
  readonly falseAlerts: readonly string[];
  readonly missedAlerts: readonly string[];
  readonly extraEvents: readonly string[];
  readonly missedEvents: readonly string[];
  readonly scanErrors: readonly string[];
}

/** Reads a labeled JSONL set; a line that does not fit names its number. */
export async function readLabeledSet(path: string): Promise<Item[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((l, i) => {
    const r = Item.safeParse(JSON.parse(l));
    if (!r.success) throw new Error(`${path}:${i + 1}: ${r.error.issues[0]!.message}`);
    return r.data;
  });
}

/** Runs the scan path over the items (one RSS file per asOf, as score.py does) and scores it. */
export async function scoreItems(items: readonly Item[]): Promise<EvalScore> {
  const groups = new Map<string, Item[]>();
  for (const it of items) groups.set(it.asOf, [...(groups.get(it.asOf) ?? []), it]);

  const records = await loadCaseFiles();
  const tmp = await mkdtemp(join(tmpdir(), 'casewatch-eval-'));
  const got = new Map<string, boolean>();
  const gotKnown = new Set<string>();
  const errors: string[] = [];
  try {
    for (const [asOf, its] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const file = join(tmp, `eval-${asOf}.xml`);
      await writeFile(file, buildRss(its));
      for await (const res of scanSources([file], records, asOf)) {
        if ('error' in res) {
          errors.push(`${asOf}: ${res.error}`);
          continue;
        }
        for (const h of res.hits) {
          const o = hitToJson(h);
          const k = keyOf([String(o.link), String(o.accused), String(o.type), (o.country as string | null) ?? null]);
          got.set(k, true);
          if (!o.known) gotKnown.add(k);
        }
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }

  const exp = new Set<string>();
  const expAlert = new Set<string>();
  for (const it of items) {
    for (const e of it.expect) {
      const k = keyOf([it.link, e.accused, e.type, e.country]);
      exp.add(k);
      if (!e.known) expAlert.add(k);
    }
  }
  const gk = new Set(got.keys());
  const ga = gotKnown;
  const inter = (a: Set<string>, b: Set<string>): number => [...a].filter((x) => b.has(x)).length;
  const tp = inter(exp, gk);
  const ep = gk.size ? tp / gk.size : 0;
  const er = exp.size ? tp / exp.size : 1;
  const atp = inter(expAlert, ga);
  return {
    alertPrecision: ga.size ? atp / ga.size : 0,
    alertRecall: expAlert.size ? atp / expAlert.size : 1,
    alertsSent: ga.size,
    alertsDue: expAlert.size,
    alertsRight: atp,
    eventPrecision: ep,
    eventRecall: er,
    eventF1: ep + er ? (2 * ep * er) / (ep + er) : 0,
    eventsFound: gk.size,
    eventsLabeled: exp.size,
    eventsRight: tp,
    falseAlerts: [...ga].filter((k) => !expAlert.has(k)).sort(),
    missedAlerts: [...expAlert].filter((k) => !ga.has(k)).sort(),
    extraEvents: [...gk].filter((k) => !exp.has(k)).sort(),
    missedEvents: [...exp].filter((k) => !gk.has(k)).sort(),
    scanErrors: errors,
  };
}

/** Whether a score meets the bar (and the scan read every file). */
export function meetsBar(s: EvalScore): boolean {
  return s.alertPrecision >= DETECTION_BAR.alertPrecision && s.alertRecall >= DETECTION_BAR.alertRecall && s.eventF1 >= DETECTION_BAR.eventF1 && s.scanErrors.length === 0;
}

async function main(argv: string[]): Promise<number> {
  const path = resolve(argv[0] ?? join(repoRoot, '../shared/eval/dev.jsonl'));
  if (!existsSync(path)) {
    console.log(`eval: ${path} not found; nothing to score (it lives beside a checkout, in ../shared/eval)`);
    return 0;
  }
  const s = await scoreItems(await readLabeledSet(path));
  const show = (label: string, keys: readonly string[]): void => {
    for (const k of keys) console.log(`${label}:`, JSON.parse(k).map((x: string | null) => x ?? 'null').join(' '));
  };
  show('false alert', s.falseAlerts);
  show('missed alert', s.missedAlerts);
  show('extra event', s.extraEvents);
  show('missed event', s.missedEvents);
  for (const e of s.scanErrors) console.log('scan error:', e);
  const f = (n: number): string => n.toFixed(2);
  console.log(
    `${path.split('/').pop()}: alerts P=${f(s.alertPrecision)} R=${f(s.alertRecall)} (${s.alertsSent} sent, ${s.alertsDue} due, ${s.alertsRight} right); ` +
      `events P=${f(s.eventPrecision)} R=${f(s.eventRecall)} F1=${f(s.eventF1)} (${s.eventsFound} found, ${s.eventsLabeled} labeled, ${s.eventsRight} right); ${s.scanErrors.length} scan errors`,
  );
  if (meetsBar(s)) return 0;
  console.log(`eval: below the bar (alert P and R >= ${DETECTION_BAR.alertPrecision}, event F1 >= ${DETECTION_BAR.eventF1}, no scan errors)`);
  return 1;
}

// Run only as a script, so tests can import buildRss.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`eval: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
