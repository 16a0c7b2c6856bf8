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

async function main(argv: string[]): Promise<number> {
  const path = resolve(argv[0] ?? join(repoRoot, '../shared/eval/dev.jsonl'));
  if (!existsSync(path)) {
    console.log(`eval: ${path} not found; nothing to score (it lives beside a checkout, in ../shared/eval)`);
    return 0;
  }
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim());
  const items = lines.map((l, i) => {
    const r = Item.safeParse(JSON.parse(l));
    if (!r.success) throw new Error(`${path}:${i + 1}: ${r.error.issues[0]!.message}`);
    return r.data;
  });
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
  const ef1 = ep + er ? (2 * ep * er) / (ep + er) : 0;
  const atp = inter(expAlert, ga);
  const ap = ga.size ? atp / ga.size : 0;
  const ar = expAlert.size ? atp / expAlert.size : 1;
  const show = (label: string, s: string[]): void => {
    for (const k of s.sort()) console.log(`${label}:`, JSON.parse(k).map((x: string | null) => x ?? 'null').join(' '));
  };
  show('false alert', [...ga].filter((k) => !expAlert.has(k)));
  show('missed alert', [...expAlert].filter((k) => !ga.has(k)));
  show('extra event', [...gk].filter((k) => !exp.has(k)));
  show('missed event', [...exp].filter((k) => !gk.has(k)));
  for (const e of errors) console.log('scan error:', e);
  const f = (n: number): string => n.toFixed(2);
  console.log(
    `${path.split('/').pop()}: alerts P=${f(ap)} R=${f(ar)} (${ga.size} sent, ${expAlert.size} due, ${atp} right); ` +
      `events P=${f(ep)} R=${f(er)} F1=${f(ef1)} (${gk.size} found, ${exp.size} labeled, ${tp} right); ${errors.length} scan errors`,
  );
  return 0;
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
