import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../bin/commands/demo.ts';

describe('casewatch demo', () => {
  it('sends exactly the two Azerbaijan alerts, and nothing more when run again', async () => {
    const home = await mkdtemp(join(tmpdir(), 'casewatch-demo-'));
    const options = { dataDir: join(home, 'demo-db'), outboxPath: join(home, 'outbox.jsonl'), print: () => undefined };

    const first = await runDemo(options);
    expect(first.summary.alertsSent).toBe(2);
    const second = await runDemo(options);
    expect(second.summary.alertsSent).toBe(0);
    // The feed's URL is stable, so the saved ETag makes the second fetch a 304 with nothing parsed.
    expect(second.summary.feedsNotModified).toBe(1);
    expect(second.summary.itemsRead).toBe(0);

    const lines = (await readFile(options.outboxPath, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    const attributes = lines.map((l) => Object.fromEntries(Object.entries(l.MessageAttributes).map(([k, v]) => [k, (v as { StringValue: string }).StringValue])));
    expect(attributes).toEqual(
      expect.arrayContaining([
        { caseId: 'amia-1994', accused: 'velayati', eventType: 'arrest_request', country: 'AZ' },
        { caseId: 'amia-1994', accused: 'velayati', eventType: 'travel', country: 'AZ' },
      ]),
    );
    for (const line of lines) {
      expect(line.Subject.length).toBeLessThan(100);
      expect(line.Subject).toMatch(/^[\x20-\x7e]+$/);
      expect(line.MessageStructure).toBe('json');
    }
  });

  it('sends the two alerts again after --reset', async () => {
    const home = await mkdtemp(join(tmpdir(), 'casewatch-demo-'));
    const options = { dataDir: join(home, 'demo-db'), outboxPath: join(home, 'outbox.jsonl'), print: () => undefined };
    await runDemo(options);
    const again = await runDemo({ ...options, reset: true });
    expect(again.summary.alertsSent).toBe(2);
  });
});
