import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../bin/local/embedded.ts';
import { startDynalite, type Dynalite } from './poll-helpers.ts';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as runSeed } from '../../bin/commands/seed.ts';
import { tableDefinition } from '../../lambdas/adapters/table-definition.ts';
import { casePk, eventKey, sourceKey, type TableKey } from '../../lambdas/domain/keys.ts';
import { SEED_DIR, loadCaseFiles } from '../../seed/load-case.ts';
import { seedTable } from '../../seed/seeder.ts';

let db: Dynalite;
let doc: DynamoDBDocumentClient;
let tableCount = 0;
const savedEnv = { ...process.env };

beforeAll(async () => {
  // The CLI commands read the endpoint the way a user sets it.
  db = await startDynalite();
  doc = documentClient(db.endpoint);
});

afterAll(async () => {
  doc.destroy();
  await db.close();
  process.env = savedEnv;
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function freshTable(): Promise<string> {
  const name = `seed-test-${++tableCount}`;
  await doc.send(new CreateTableCommand(tableDefinition(name)));
  return name;
}

/** Items of the AMIA partition whose sort key starts with `prefix` (all of them for ''). */
async function countItems(tableName: string, prefix: string): Promise<number> {
  const out = await doc.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :p)' : 'pk = :pk',
      ExpressionAttributeValues: prefix ? { ':pk': casePk('amia-1994'), ':p': prefix } : { ':pk': casePk('amia-1994') },
      Select: 'COUNT',
    }),
  );
  return out.Count ?? 0;
}

function captureConsole(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}

describe('seedTable against DynamoDB (dynalite)', () => {
  it('writes 15 accused, 61 events and the case item to a fresh table', async () => {
    const table = await freshTable();
    const report = await seedTable({ client: doc, tableName: table, cases: await loadCaseFiles() });
    expect(report).toMatchObject({ accusedWritten: 15, eventsWritten: 61, unchanged: 0, casesWritten: 1 });
    expect(await countItems(table, 'ACCUSED#')).toBe(15);
    expect(await countItems(table, 'EVENT#')).toBe(61);
    expect(await countItems(table, 'META')).toBe(1);
    const az = await doc.send(new GetCommand({ TableName: table, Key: eventKey('amia-1994', '2019-11-08#velayati#arrest_request#AZ') }));
    expect(az.Item).toMatchObject({
      origin: 'seed',
      entity: 'event',
      accused: 'velayati',
      country: 'AZ',
      datePrecision: 'day',
      gsi1pk: 'CASE#amia-1994#ACCUSED#velayati',
      gsi2pk: 'CASE#amia-1994#TYPE#arrest_request',
      gsi3pk: 'CASE#amia-1994#COUNTRY#AZ',
    });
    expect(az.Item!.sourceUrl).toMatch(/^https:\/\/enlacejudio\.com\//);
  });

  it('writes nothing on a second run', async () => {
    const table = await freshTable();
    const cases = await loadCaseFiles();
    await seedTable({ client: doc, tableName: table, cases });
    const send = vi.spyOn(doc, 'send');

    const again = await seedTable({ client: doc, tableName: table, cases });

    expect(again).toMatchObject({ accusedWritten: 0, eventsWritten: 0, unchanged: 77, casesWritten: 0 });
    expect(send.mock.calls.filter(([c]) => c instanceof BatchWriteCommand)).toEqual([]);
  });

  it('with --as-of seeds only the events dated before the day, and a later full run adds the rest', async () => {
    const table = await freshTable();
    const cases = await loadCaseFiles();
    const first = await seedTable({ client: doc, tableName: table, cases, asOf: '2019-11-01' });
    expect(first).toMatchObject({ eventsWritten: 33, skippedByAsOf: 28 });
    const stored = await doc.send(
      new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': casePk('amia-1994'), ':p': 'EVENT#' } }),
    );
    expect(stored.Items!.every((e) => String(e.date) < '2019-11-01')).toBe(true);
    expect(stored.Items!.map((e) => e.date)).toContain('2018-07-13');

    const second = await seedTable({ client: doc, tableName: table, cases });
    expect(second).toMatchObject({ eventsWritten: 28, accusedWritten: 0 });
    expect(await countItems(table, 'EVENT#')).toBe(61);
  });

  it('keeps an event the poller detected under a seed key, its sources, and events only the poller knows', async () => {
    const table = await freshTable();
    const cases = await loadCaseFiles();
    await seedTable({ client: doc, tableName: table, cases, asOf: '2019-11-01' });
    const azId = '2019-11-08#velayati#arrest_request#AZ';
    const detected = {
      ...eventKey('amia-1994', azId),
      id: azId,
      caseId: 'amia-1994',
      accused: 'velayati',
      type: 'arrest_request',
      country: 'AZ',
      date: '2019-11-08',
      summary: 'Argentina asks Azerbaijan to detain Velayati',
      origin: 'detected',
      detectedAt: '2019-11-10T12:00:00Z',
      sourceCount: 1,
      alertStatus: 'sent',
    };
    const newId = '2026-01-05#vahidi#travel#VE';
    const onlyDetected = { ...detected, ...eventKey('amia-1994', newId), id: newId, accused: 'vahidi', type: 'travel', country: 'VE', date: '2026-01-05' };
    const source = { ...sourceKey('amia-1994', azId, 'abc123'), link: 'https://news.example/az', title: 'Velayati', feedId: 'jta', sentence: 's', attachedAt: '2019-11-10T12:00:00Z' };
    for (const Item of [detected, onlyDetected, source]) await doc.send(new PutCommand({ TableName: table, Item }));

    const report = await seedTable({ client: doc, tableName: table, cases });

    expect(report).toMatchObject({ keptDetected: 1, eventsWritten: 27 });
    const get = async (Key: TableKey) => (await doc.send(new GetCommand({ TableName: table, Key }))).Item;
    expect(await get(eventKey('amia-1994', azId))).toEqual(detected);
    expect(await get(eventKey('amia-1994', newId))).toEqual(onlyDetected);
    expect(await get(sourceKey('amia-1994', azId, 'abc123'))).toEqual(source);
  });

  it('rewrites a seeded event whose facts changed in the file, keeping what the poller added to it', async () => {
    const table = await freshTable();
    const [amia] = await loadCaseFiles();
    await seedTable({ client: doc, tableName: table, cases: [amia!] });
    const id = '2016-07-19#velayati#travel#SG';
    await doc.send(
      new PutCommand({ TableName: table, Item: { ...(await doc.send(new GetCommand({ TableName: table, Key: eventKey('amia-1994', id) }))).Item, sourceCount: 2 } }),
    );
    const edited = { ...amia!, events: amia!.events.map((e) => (e.id === id ? { ...e, summary: 'diaspora summit, Singapore' } : e)) };

    const report = await seedTable({ client: doc, tableName: table, cases: [edited] });

    expect(report).toMatchObject({ eventsWritten: 1, accusedWritten: 0, unchanged: 76 });
    const item = (await doc.send(new GetCommand({ TableName: table, Key: eventKey('amia-1994', id) }))).Item;
    expect(item).toMatchObject({ summary: 'diaspora summit, Singapore', sourceCount: 2, origin: 'seed' });
  });
});

describe('casewatch seed', () => {
  it('creates the table when missing, seeds it and says what it wrote; a second run writes nothing', async () => {
    const io = captureConsole();
    expect(await runSeed(['--table', 'cli-seed'])).toBe(0);
    expect(io.out.join('\n')).toMatch(/table cli-seed at http:\/\/127\.0\.0\.1:\d+ \(created\)/);
    expect(io.out.join('\n')).toContain('amia-1994: 15 accused, 61 events written, 0 unchanged');
    io.out.length = 0;
    expect(await runSeed(['--table', 'cli-seed'])).toBe(0);
    expect(io.out.join('\n')).toContain('amia-1994: 0 accused, 0 events written, 77 unchanged');
    expect(await countItems('cli-seed', 'EVENT#')).toBe(61);
  });

  it('with --as-of writes only the events dated before the day and says how many it left out', async () => {
    const io = captureConsole();
    expect(await runSeed(['--table', 'cli-as-of', '--as-of', '2019-11-01'])).toBe(0);
    expect(io.out.join('\n')).toContain('events before 2019-11-01');
    expect(io.out.join('\n')).toContain('amia-1994: 15 accused, 33 events written, 0 unchanged, 28 event(s) on or after 2019-11-01 left out');
    expect(await countItems('cli-as-of', 'EVENT#2019-11')).toBe(0);
    expect(await countItems('cli-as-of', 'EVENT#')).toBe(33);
  });

  it('refuses an invalid case file before writing anything, naming the file, the path and the problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'casewatch-seed-'));
    const raw = JSON.parse(await readFile(join(SEED_DIR, 'amia-1994.json'), 'utf8'));
    raw.accused[3].aliases[2] = 5;
    await writeFile(join(dir, 'amia-1994.json'), JSON.stringify(raw));
    const table = await freshTable();
    const io = captureConsole();

    expect(await runSeed(['--dir', dir, '--table', table])).toBe(1);

    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/^casewatch seed: .*amia-1994\.json: accused\[3\]\.aliases\[2\]: expected a string; nothing was written$/);
    expect(await countItems(table, '')).toBe(0);
  });

  it.each([
    [['--as-of', '2019-11'], "casewatch seed: --as-of must be a date YYYY-MM-DD, not '2019-11'"],
    [['--as-of', '2019-02-30'], "casewatch seed: --as-of must be a date YYYY-MM-DD, not '2019-02-30'"],
    [['--table', 'a b'], "casewatch seed: --table must be 3-255 letters, digits, '_', '-' or '.', not 'a b'"],
    [['--frob'], "casewatch seed: Unknown option '--frob' (see casewatch seed --help)"],
    [['extra'], /^casewatch seed: Unexpected argument 'extra'/],
  ])('rejects %j with one line and exit code 2', async (argv, message) => {
    const io = captureConsole();
    expect(await runSeed(argv)).toBe(2);
    expect(io.err).toHaveLength(1);
    if (typeof message === 'string') expect(io.err[0]).toBe(message);
    else expect(io.err[0]).toMatch(message);
  });
});
