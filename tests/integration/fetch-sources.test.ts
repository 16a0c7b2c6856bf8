import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeedSources, type SourceResult } from '../../lambdas/feeds/sources.ts';

let dir: string;

const rss = (title: string) => `<rss version="2.0"><channel><language>es</language><item><title>${title}</title><link>https://x.example/${title}</link></item></channel></rss>`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'casewatch-sources-'));
  await mkdir(join(dir, 'b-sub', 'deeper'), { recursive: true });
  await writeFile(join(dir, 'a-feed.xml'), rss('uno'));
  await writeFile(join(dir, 'b-sub', 'deeper', 'latin1.xml'), iconv.encode(`<?xml version="1.0" encoding="iso-8859-1"?>${rss('extradición')}`, 'latin1'));
  await writeFile(join(dir, 'b-sub', 'page.html'), '<!DOCTYPE html><html><body>not a feed</body></html>');
  await writeFile(join(dir, 'c-empty.xml'), '');
  await writeFile(join(dir, 'd-feed.xml.gz'), gzipSync(rss('dos')));
  await writeFile(join(dir, 'e-big.xml'), rss('x'.repeat(5000)));
  await symlink(join(dir, 'b-sub'), join(dir, 'f-link'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function all(specs: string[], maxBytes?: number): Promise<SourceResult[]> {
  const out: SourceResult[] = [];
  for await (const r of readFeedSources(specs, maxBytes ? { maxBytes } : {})) out.push(r);
  return out;
}

describe('readFeedSources over files and directories', () => {
  it('walks a directory recursively in name order and gives one result per file', async () => {
    const results = await all([dir], 4096);
    expect(results.map((r) => [r.source.slice(dir.length + 1), 'error' in r ? r.error : r.items.map((i) => i.title)])).toEqual([
      ['a-feed.xml', ['uno']],
      ['b-sub/deeper/latin1.xml', ['extradición']],
      ['b-sub/page.html', 'not a feed: HTML document'],
      ['c-empty.xml', 'empty body'],
      ['d-feed.xml.gz', ['dos']],
      ['e-big.xml', 'file larger than 4 KB'],
      ['f-link', 'not followed: symbolic link to a directory'],
    ]);
    expect(results[0]).toMatchObject({ feedLang: 'es' });
  });

  it('reports a missing path as a result, not a throw', async () => {
    const [r] = await all([join(dir, 'nope.xml')]);
    expect(r).toEqual({ source: join(dir, 'nope.xml'), error: expect.stringMatching(/^cannot read: ENOENT/) });
  });

  it('refuses a file: URL through the same fetch policy as the poller', async () => {
    expect(await all([`file://${join(dir, 'a-feed.xml')}`])).toEqual([
      { source: `file://${join(dir, 'a-feed.xml')}`, error: 'refused: file URL (only http and https are fetched)' },
    ]);
  });
});
