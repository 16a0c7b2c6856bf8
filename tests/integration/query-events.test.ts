import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../bin/local/embedded.ts';
import { startDynalite, type Dynalite } from './poll-helpers.ts';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as runQuery } from '../../bin/commands/query.ts';
import { DynamoCaseQuery } from '../../lambdas/adapters/dynamo-case-query.ts';
import { tableDefinition } from '../../lambdas/adapters/table-definition.ts';
import { eventIndexKeys, eventKey, sourceKey } from '../../lambdas/domain/keys.ts';
import { loadCaseFiles } from '../../seed/load-case.ts';
import { seedTable } from '../../seed/seeder.ts';

const TABLE = 'query-test';
const CASE = 'amia-1994';
let db: Dynalite;
let doc: DynamoDBDocumentClient;
const savedEnv = { ...process.env };

/** A travel the poller detected after the record was seeded, with two articles attached. */
const DETECTED_ID = '2026-01-05#vahidi#travel#VE';
const detected = {
  ...eventKey(CASE, DETECTED_ID),
  ...eventIndexKeys(CASE, { date: '2026-01-05', accused: 'vahidi', type: 'travel', country: 'VE' }),
  id: DETECTED_ID,
  caseId: CASE,
  accused: 'vahidi',
  type: 'travel',
  country: 'VE',
  date: '2026-01-05',
  summary: 'Vahidi arrives in Caracas',
  // The poller keeps the first article's link here too.
  sourceUrl: 'https://news.example/a',
  origin: 'detected',
  entity: 'event',
  detectedAt: '2026-01-05T10:00:00.000Z',
  sourceCount: 2,
  alertStatus: 'sent',
};
const sources = [
  { ...sourceKey(CASE, DETECTED_ID, 'h2'), link: 'https://news.example/b', title: 'Second report', feedId: 'infobae', published: '2026-01-05T11:00:00Z', sentence: 'Vahidi llegó a Caracas.', attachedAt: '2026-01-05T11:05:00.000Z' },
  { ...sourceKey(CASE, DETECTED_ID, 'h1'), link: 'https://news.example/a', title: 'First report', feedId: 'jta', published: '2026-01-05T09:00:00Z', sentence: 'Vahidi arrived in Caracas.', attachedAt: '2026-01-05T10:00:00.000Z' },
];

/** An article the poller attached to a seeded event (a later recap of the Moscow trip). */
const RECAPPED_ID = '2018-07-11#velayati#travel#RU';
const recap = { ...sourceKey(CASE, RECAPPED_ID, 'h3'), link: 'https://news.example/recap', title: 'Recap', feedId: 'jta', attachedAt: '2018-07-20T08:00:00.000Z' };

beforeAll(async () => {
  // The CLI commands read the endpoint the way a user sets it.
  db = await startDynalite();
  doc = documentClient(db.endpoint);
  await doc.send(new CreateTableCommand(tableDefinition(TABLE)));
  await seedTable({ client: doc, tableName: TABLE, cases: await loadCaseFiles() });
  for (const Item of [detected, ...sources, recap]) await doc.send(new PutCommand({ TableName: TABLE, Item }));
  // The poller counts what it attaches to a seeded event on the event itself.
  await doc.send(new UpdateCommand({ TableName: TABLE, Key: eventKey(CASE, RECAPPED_ID), UpdateExpression: 'ADD sourceCount :one', ExpressionAttributeValues: { ':one': 1 } }));
});

afterAll(async () => {
  doc.destroy();
  await db.close();
  process.env = savedEnv;
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `casewatch query ...` against the test table; returns exit code, stdout and stderr lines. */
async function query(...argv: string[]): Promise<{ code: number; out: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await runQuery([...argv, '--table', TABLE]);
  vi.restoreAllMocks();
  return { code, out: out.join('\n'), err };
}

async function events(...argv: string[]): Promise<any[]> {
  const r = await query('events', ...argv, '--json');
  expect(r.err).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

const isNewestFirst = (list: { date: string }[]) => list.every((e, i) => i === 0 || list[i - 1]!.date >= e.date);

describe('casewatch query events', () => {
  it("lists velayati's 14 events newest first, including the 2019-11-08 arrest request to Azerbaijan", async () => {
    const list = await events('--accused', 'velayati');
    expect(list).toHaveLength(14);
    expect(list.every((e) => e.accused === 'velayati')).toBe(true);
    expect(isNewestFirst(list)).toBe(true);
    expect(list).toContainEqual(
      expect.objectContaining({
        id: '2019-11-08#velayati#arrest_request#AZ',
        type: 'arrest_request',
        country: 'AZ',
        date: '2019-11-08',
        origin: 'seed',
        sources: [expect.stringMatching(/^https:\/\/enlacejudio\.com\//)],
      }),
    );
  });

  it('filters by type', async () => {
    const list = await events('--type', 'red_notice');
    expect(list).toHaveLength(21);
    expect(list.every((e) => e.type === 'red_notice' && e.country === null)).toBe(true);
  });

  it('filters by country, accepting lower case', async () => {
    const list = await events('--country', 'az');
    expect(list.map((e) => e.id)).toEqual(['2019-11-14#velayati#travel#AZ', '2019-11-08#velayati#arrest_request#AZ']);
  });

  it('filters by an inclusive date range, with partial dates as bounds', async () => {
    const day = await events('--since', '2019-11-08', '--until', '2019-11-08');
    expect(day.map((e) => e.id).sort()).toEqual(['2019-11-08#soleimanpour#arrest_request#TR', '2019-11-08#soleimanpour#travel#TR', '2019-11-08#velayati#arrest_request#AZ']);
    const year = await events('--since', '2017', '--until', '2017');
    expect(year.map((e) => e.date)).toEqual(['2017-11-05', '2017-11-03', '2017-05', '2017-05', '2017-05', '2017-05', '2017-05']);
  });

  it('keeps only detected events with --detected-only, with when and every attached article', async () => {
    const list = await events('--detected-only');
    expect(list).toEqual([
      {
        id: DETECTED_ID,
        accused: 'vahidi',
        type: 'travel',
        country: 'VE',
        date: '2026-01-05',
        summary: 'Vahidi arrives in Caracas',
        sources: ['https://news.example/a', 'https://news.example/b'],
        origin: 'detected',
        detectedAt: '2026-01-05T10:00:00.000Z',
        alertStatus: 'sent',
      },
    ]);
  });

  it('combines filters: the indexed one in the key condition, the rest applied to what it returns', async () => {
    expect((await events('--accused', 'velayati', '--type', 'travel', '--country', 'RU')).map((e) => e.id)).toEqual(['2018-07-11#velayati#travel#RU']);
    expect((await events('--type', 'travel', '--since', '2022')).map((e) => e.id)).toEqual([
      DETECTED_ID,
      '2024-04-22#vahidi#travel#PK',
      '2022-10-16#rezaei#travel#QA',
      '2022-03-13#vahidi#travel#PK',
      '2022-01-10#rezaei#travel#NI',
    ]);
    expect(await events('--accused', 'vahidi', '--detected-only', '--until', '2025')).toEqual([]);
  });

  it('lists every event of the case, newest first, without a filter', async () => {
    const list = await events();
    expect(list).toHaveLength(62);
    expect(list[0].id).toBe(DETECTED_ID);
    expect(isNewestFirst(list)).toBe(true);
  });

  it('prints one JSON object per line with --jsonl', async () => {
    const r = await query('events', '--accused', 'salman', '--jsonl');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').map((l) => JSON.parse(l).id)).toEqual(['2009-06-09#salman#arrest_request#LB']);
  });

  it('prints a readable table that says which index served it', async () => {
    const r = await query('events', '--country', 'AZ');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^DATE\s+ACCUSED\s+TYPE\s+CC\s+ORIGIN\s+SRC\s+SUMMARY$/);
    expect(lines[1]).toMatch(/^2019-11-14\s+velayati\s+travel\s+AZ\s+seed\s+1\s+announced for the Baku summit/);
    expect(lines.at(-1)).toBe('2 event(s) in amia-1994, newest first (byCountry index)');
  });

  it.each([
    [['--type', 'visit'], "casewatch query: --type 'visit' is not one of travel, arrest_request, detention, extradition, red_notice"],
    [['--country', 'UK'], "casewatch query: --country 'UK' is not an ISO 3166-1 alpha-2 code (e.g. AZ)"],
    [['--since', '2019-13'], "casewatch query: --since '2019-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"],
    [['--since', '2020', '--until', '2019'], 'casewatch query: --since must not be after --until'],
    [['--accused', 'Velayati!'], /^casewatch query: --accused /],
    [['--json', '--jsonl'], 'casewatch query: --json and --jsonl are exclusive'],
    [['--frob'], "casewatch query: Unknown option '--frob' (see casewatch query --help)"],
  ])('rejects %j with one line and exit code 2', async (argv, message) => {
    const r = await query('events', ...argv);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    if (typeof message === 'string') expect(r.err[0]).toBe(message);
    else expect(r.err[0]).toMatch(message);
  });
});

describe('casewatch query accused', () => {
  it('lists the 15 accused with red notice and last known event', async () => {
    const list = JSON.parse((await query('accused', '--json')).out);
    expect(list).toHaveLength(15);
    const velayati = list.find((a: any) => a.id === 'velayati');
    expect(velayati).toMatchObject({ name: 'Ali Akbar Velayati', redNotice: false, lastEvent: { id: '2019-11-14#velayati#travel#AZ' } });
    expect(velayati.pk).toBeUndefined();
    expect(list.find((a: any) => a.id === 'vahidi').lastEvent).toMatchObject({ id: DETECTED_ID, origin: 'detected' });
    expect(list.find((a: any) => a.id === 'hejazi').lastEvent).toBeNull();
  });

  it('shows one accused in detail', async () => {
    const r = await query('accused', 'rafsanjani');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^rafsanjani: Akbar Hashemi Rafsanjani$/m);
    expect(r.out).toMatch(/^ {2}deceased {10}2017-01-08: died 8 Jan 2017/m);
    expect(r.out).toMatch(/^ {2}last known event {2}2008-06-09 arrest_request SA \(seed\)/m);
  });

  it('says which ids exist when asked for an unknown one', async () => {
    const r = await query('accused', 'nobody');
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/^casewatch query: no accused 'nobody' in case 'amia-1994' \(known: abdallah-salman, /);
  });
});

describe('casewatch query sources', () => {
  it('lists every article attached to a detected event, oldest first', async () => {
    const r = await query('sources', DETECTED_ID, '--json');
    expect(JSON.parse(r.out).map((s: any) => [s.kind, s.link, s.feedId])).toEqual([
      ['article', 'https://news.example/a', 'jta'],
      ['article', 'https://news.example/b', 'infobae'],
    ]);
  });

  it("shows a seeded event's source from the case file", async () => {
    const r = await query('sources', '2019-11-08#velayati#arrest_request#AZ');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}seed source {3}https:\/\/enlacejudio\.com\//m);
  });

  it("lists a seeded event's case-file source first, then the articles the poller attached to it", async () => {
    const r = await query('sources', RECAPPED_ID, '--json');
    expect(JSON.parse(r.out).map((s: any) => s.kind)).toEqual(['seed', 'article']);
    expect(JSON.parse(r.out)[1]).toMatchObject({ link: 'https://news.example/recap', feedId: 'jta' });
    const [listed] = await events('--accused', 'velayati', '--country', 'RU', '--type', 'travel');
    expect(listed.sources).toEqual([expect.stringMatching(/^https:\/\/infobae\.com\//), 'https://news.example/recap']);
  });

  it('says how event ids look when the id is unknown', async () => {
    const r = await query('sources', '2019-11-08#velayati#travel#AZ');
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      "casewatch query: no event '2019-11-08#velayati#travel#AZ' in case 'amia-1994' (ids look like 2019-11-08#velayati#arrest_request#AZ)",
    ]);
  });
});

describe('the queries use the indexes', () => {
  /** The Query inputs DynamoCaseQuery sends for a filter; it must never Scan. */
  async function sent(filter: Parameters<DynamoCaseQuery['listEvents']>[1]): Promise<Record<string, any>[]> {
    const send = vi.spyOn(doc, 'send');
    await new DynamoCaseQuery(doc, TABLE).listEvents(CASE, filter);
    const commands = send.mock.calls.map(([c]) => c);
    send.mockRestore();
    expect(commands.some((c) => c instanceof ScanCommand)).toBe(false);
    expect(commands.every((c) => c instanceof QueryCommand)).toBe(true);
    return commands.map((c) => (c as QueryCommand).input);
  }

  it.each([
    [{ accused: 'velayati' }, 'byAccused', 'CASE#amia-1994#ACCUSED#velayati'],
    [{ type: 'travel' as const }, 'byType', 'CASE#amia-1994#TYPE#travel'],
    [{ country: 'AZ' }, 'byCountry', 'CASE#amia-1994#COUNTRY#AZ'],
    [{ country: 'AZ', type: 'travel' as const }, 'byCountry', 'CASE#amia-1994#COUNTRY#AZ'],
  ])('%j is one Query on an index', async (filter, indexName, pk) => {
    const [input, ...more] = await sent(filter);
    expect(more).toEqual([]);
    expect(input).toMatchObject({ IndexName: indexName, ScanIndexForward: false, ExpressionAttributeValues: { ':pk': pk } });
  });

  it('a date range alone is a key-range Query on the case partition', async () => {
    const [input, ...more] = await sent({ since: '2019', until: '2019-11' });
    expect(more).toEqual([]);
    expect(input!.IndexName).toBeUndefined();
    expect(input).toMatchObject({ ExpressionAttributeValues: { ':pk': 'CASE#amia-1994', ':from': 'EVENT#2019', ':to': 'EVENT#2019-11~' } });
  });
});
