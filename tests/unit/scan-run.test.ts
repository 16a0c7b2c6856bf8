import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../bin/commands/scan.ts';

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title><link>https://feed.test/</link><description>d</description>
<item><title>Argentina asks Belarus to detain Velayati</title><link>https://feed.test/1</link>
<pubDate>Tue, 02 May 2023 12:00:00 +0000</pubDate>
<description>Ali Akbar Velayati arrived in Minsk on Monday for a forum. Argentina asked Belarus to arrest him over the AMIA bombing.</description></item>
<item><title>Weather</title><link>https://feed.test/2</link><pubDate>Tue, 02 May 2023 12:00:00 +0000</pubDate>
<description>Rain in Minsk.</description></item>
</channel></rss>`;

describe('casewatch scan', () => {
  let dir: string;
  let out: string[];
  let err: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scan-test-'));
    await writeFile(join(dir, 'feed.xml'), FEED);
    await writeFile(join(dir, 'broken.xml'), 'plain text, not a feed');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  const capture = (): void => {
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  };

  it('prints one JSON line per event and one per source, and exits 0', async () => {
    capture();
    const code = await run([join(dir, 'feed.xml'), '--as-of', '2023-05-01', '--json']);
    const lines = out.map((l) => JSON.parse(l));
    expect(code).toBe(0);
    const events = lines.filter((l) => 'accused' in l).map((l) => `${l.link} ${l.accused} ${l.type} ${l.country} ${l.known}`).sort();
    expect(events).toEqual(['https://feed.test/1 velayati arrest_request BY false', 'https://feed.test/1 velayati travel BY false']);
    expect(lines.at(-1)).toEqual({ source: join(dir, 'feed.xml'), items: 2 });
  });

  it('reports a broken source as a JSON error line and exits 1, still scanning the others', async () => {
    capture();
    const code = await run([join(dir, 'broken.xml'), join(dir, 'feed.xml'), '--as-of', '2023-05-01', '--json']);
    expect(code).toBe(1);
    const sources = out.map((l) => JSON.parse(l)).filter((l) => 'source' in l);
    expect(sources[0]).toMatchObject({ source: join(dir, 'broken.xml') });
    expect(typeof sources[0].error).toBe('string');
    expect(sources[0].error).not.toContain('\n');
    expect(sources[1]).toEqual({ source: join(dir, 'feed.xml'), items: 2 });
  });

  it('explains each event in text mode', async () => {
    capture();
    await run([join(dir, 'feed.xml'), '--as-of', '2023-05-01', '--explain']);
    const text = out.join('\n');
    expect(text).toMatch(/velayati\s+travel\s+BY\s+NEW/);
    expect(text).toContain('alias:    Ali Akbar Velayati');
    expect(text).toContain('date:     on monday -> 2023-05-01');
  });

  it('exits 2 with one line on a bad flag', async () => {
    capture();
    expect(await run([join(dir, 'feed.xml'), '--as-of', '2023-13-01'])).toBe(2);
    expect(err[0]).toMatch(/^casewatch scan: --as-of /);
  });
});
