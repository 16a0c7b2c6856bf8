import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFeedSources, type SourceResult } from '../../lambdas/feeds/sources.ts';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const corpus = resolve(repoRoot, '../shared/feeds-corpus');
const absent = !existsSync(join(corpus, 'MANIFEST.tsv'));
if (absent) console.log(`feeds-corpus test skipped: ${corpus} not found (it sits beside a checkout, not in it)`);

/** Files the manifest says expat accepts and that look like RSS, Atom or RDF. */
function wellFormedFeeds(): string[] {
  const [header, ...rows] = readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8').split('\n').filter(Boolean);
  const cols = header!.split('\t');
  const path = cols.indexOf('path');
  const kind = cols.indexOf('kind_heuristic');
  const wellFormed = cols.indexOf('expat_wellformed');
  return rows
    .map((r) => r.split('\t'))
    .filter((c) => c[wellFormed] === '1' && ['rss', 'atom', 'rdf'].includes(c[kind]!))
    .map((c) => c[path]!);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

describe.skipIf(absent)('the feeds corpus (../shared/feeds-corpus)', () => {
  const results = new Map<string, SourceResult>();
  let files: string[] = [];

  beforeAll(async () => {
    files = await listFiles(corpus);
    for await (const r of readFeedSources([corpus])) {
      expect(results.has(r.source), `${r.source} reported twice`).toBe(false);
      results.set(r.source, r);
    }
  }, 120_000);

  it('gives exactly one result for every file', () => {
    expect([...results.keys()].sort()).toEqual([...files].sort());
  });

  it('rejects only with single-line reasons', () => {
    const multiLine = [...results.values()].filter((r) => 'error' in r && (r.error.includes('\n') || r.error.trim() === ''));
    expect(multiLine).toEqual([]);
  });

  it('parses every file the manifest marks as well-formed RSS, Atom or RDF', () => {
    const expected = wellFormedFeeds();
    expect(expected.length).toBeGreaterThan(1000);
    const failures = expected
      .map((p) => results.get(join(corpus, p)))
      .filter((r): r is SourceResult & { error: string } => r === undefined || 'error' in r)
      .map((r) => `${relative(corpus, r.source)}: ${r.error}`);
    expect(failures).toEqual([]);
  });

  it('reads legacy-charset and gzip files to real text, not replacement characters', () => {
    const sample = ['node-feedparser/test/feeds/compressed.xml', 'feed-extractor/tests/test-data/rdf-standard.xml', 'rss-parser/test/input/encoding.rss', 'node-feedparser/test/feeds/iconv.xml'];
    for (const p of sample) {
      const r = results.get(join(corpus, p));
      expect(r && 'items' in r && r.items.length > 0, `${p} should parse with items`).toBe(true);
      if (r && 'items' in r) for (const item of r.items) expect(`${item.title} ${item.text}`).not.toContain('\uFFFD');
    }
  });
});
