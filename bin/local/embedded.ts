/**
 * The embedded default for local runs: DynamoDB (dynalite, data under `.casewatch/db`) unless
 * `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL` points elsewhere, with the table created and
 * seeded on first use. The SDK's own configuration decides everything else, so a user's
 * LocalStack or real account works unchanged.
 */
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { Level } from 'level';
import { TABLE_NAME_DEFAULT, caseMetaKey } from '../../lambdas/domain/keys.ts';
import { tableDefinition } from '../../lambdas/adapters/table-definition.ts';
import type { CaseRecord } from '../../lambdas/domain/types.ts';
import { loadCaseFiles } from '../../seed/load-case.ts';
import { seedTable, type SeedReport } from '../../seed/seeder.ts';

/** Where local state lives (database, outbox), relative to the working directory. */
export const LOCAL_DIR = resolve(process.env.CASEWATCH_HOME ?? '.casewatch');

/** Credentials and region for emulators, which accept any. */
export const EMULATOR_CLIENT_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

export interface CaseTable {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly endpoint: string;
  /** True when this process started the database itself. */
  readonly embedded: boolean;
  /** What first-use seeding wrote, when it ran. */
  readonly seeded?: SeedReport;
  close(): Promise<void>;
}

export interface OpenCaseTableOptions {
  /** Folder of the embedded database (default `.casewatch/db`). */
  readonly dataDir?: string;
  readonly tableName?: string;
  /** On first use, seed only events dated before this day (the demo uses 2019-11-01). */
  readonly seedAsOf?: string;
  /** Port for the embedded database (default: any free port). */
  readonly port?: number;
  /** Serve the embedded database even when the environment names another endpoint (`casewatch db`). */
  readonly forceEmbedded?: boolean;
  /** The case records to seed (default: every file in seed/), so a caller that has read them already need not read them again. */
  readonly cases?: readonly CaseRecord[];
  /** Create and seed the table when missing (default true). */
  readonly ensureSeeded?: boolean;
}

/** A configured DynamoDB endpoint from the SDK's standard variables, if any. */
export function configuredDynamoEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL || undefined;
}

/** Thrown when the embedded database cannot start; the message says what to do. */
export class EmbeddedDatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedDatabaseError';
  }
}

/** Starts dynalite on 127.0.0.1 with its LevelDB data in `dataDir`, or in memory without one (tests, bench). */
export async function startEmbeddedDynamo(dataDir?: string, port = 0): Promise<{ endpoint: string; close(): Promise<void> }> {
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    await assertNotLocked(dataDir);
  }
  const server: Server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        new EmbeddedDatabaseError(
          err.code === 'EADDRINUSE' ? `port ${port} is in use (is 'casewatch db' already running?)` : `cannot start the embedded DynamoDB: ${err.message}`,
          { cause: err },
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => ok());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/**
 * LevelDB allows one opener per folder, and dynalite only finds out on its first request (and
 * then crashes); opening it ourselves first turns that into a clear message.
 */
async function assertNotLocked(dataDir: string): Promise<void> {
  const probe = new Level(dataDir);
  try {
    await probe.open();
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    throw new EmbeddedDatabaseError(
      code === 'LEVEL_LOCKED'
        ? `the embedded database in ${dataDir} is in use by another casewatch process (is 'casewatch db' running? then set AWS_ENDPOINT_URL_DYNAMODB to its address)`
        : `cannot open the embedded database in ${dataDir}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  await probe.close();
}

/** Document client with the SDK's default configuration, or pinned to an emulator endpoint. */
export function documentClient(endpoint?: string): DynamoDBDocumentClient {
  const client = endpoint ? new DynamoDBClient({ ...EMULATOR_CLIENT_CONFIG, endpoint }) : new DynamoDBClient(clientConfigFromEnv());
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * The region to pass a client: none (the SDK resolves it) unless none is configured and an
 * emulator endpoint is, where any region will do. `AWS_DEFAULT_REGION` is honoured too, as the
 * AWS CLI does (SDK v3 reads only `AWS_REGION`).
 */
export function regionFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AWS_REGION) return undefined;
  if (env.AWS_DEFAULT_REGION) return env.AWS_DEFAULT_REGION;
  return anEndpointIn(env) ? EMULATOR_CLIENT_CONFIG.region : undefined;
}

function anEndpointIn(env: NodeJS.ProcessEnv): string | undefined {
  return Object.keys(env)
    .filter((k) => k.startsWith('AWS_ENDPOINT_URL') && env[k])
    .map((k) => env[k]!)[0];
}

/**
 * Client settings from the environment: region as above and, for an endpoint on this machine
 * (LocalStack, `casewatch db`) with no credentials configured, the dummy credentials emulators accept.
 */
export function clientConfigFromEnv(env: NodeJS.ProcessEnv = process.env): { region?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } {
  const endpoint = anEndpointIn(env);
  const local = endpoint !== undefined && /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\]|localstack)(:\d+)?(\/|$)/i.test(endpoint);
  const hasCredentials = Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
  return {
    region: regionFromEnv(env),
    credentials: local && !hasCredentials ? EMULATOR_CLIENT_CONFIG.credentials : undefined,
  };
}

/**
 * Opens the case table: the configured endpoint if the environment names one, else the embedded
 * database. Creates and seeds the table when it (or a case in it) is missing.
 */
export async function openCaseTable(options: OpenCaseTableOptions = {}): Promise<CaseTable> {
  const tableName = options.tableName ?? process.env.CASEWATCH_TABLE ?? TABLE_NAME_DEFAULT;
  const external = options.forceEmbedded ? undefined : configuredDynamoEndpoint();
  let embeddedServer: { endpoint: string; close(): Promise<void> } | undefined;
  let doc: DynamoDBDocumentClient;
  if (external) {
    doc = documentClient();
  } else {
    embeddedServer = await startEmbeddedDynamo(options.dataDir ?? join(LOCAL_DIR, 'db'), options.port);
    doc = documentClient(embeddedServer.endpoint);
  }
  const close = async () => {
    doc.destroy();
    await embeddedServer?.close();
  };
  try {
    const seeded = options.ensureSeeded === false ? undefined : await ensureSeeded(doc, tableName, options.seedAsOf, options.cases);
    return { doc, tableName, endpoint: external ?? embeddedServer!.endpoint, embedded: !external, seeded, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Creates the table if missing and seeds every case whose META item is absent. */
export async function ensureSeeded(doc: DynamoDBDocumentClient, tableName: string, asOf?: string, records?: readonly CaseRecord[]): Promise<SeedReport | undefined> {
  const created = await ensureTable(doc, tableName);
  const cases = records ?? (await loadCaseFiles());
  const missing = [];
  for (const c of cases) {
    if (created) {
      missing.push(c);
      continue;
    }
    const meta = await doc.send(new GetCommand({ TableName: tableName, Key: caseMetaKey(c.caseId), ProjectionExpression: 'pk' }));
    if (!meta.Item) missing.push(c);
  }
  if (missing.length === 0) return undefined;
  return seedTable({ client: doc, tableName, cases: missing, asOf });
}

/** Creates the table when it does not exist; returns whether it did. */
export async function ensureTable(doc: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  try {
    await doc.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  await doc.send(new CreateTableCommand(tableDefinition(tableName)));
  await waitUntilTableExists({ client: doc, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  return true;
}
