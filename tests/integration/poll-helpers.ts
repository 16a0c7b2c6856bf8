/**
 * Shared by the poller's integration tests: an embedded DynamoDB (dynalite) with the casewatch
 * table (seeded with the real seeder) and a local HTTP feed server that answers conditional GETs.
 * Clients reach dynalite through AWS_ENDPOINT_URL_DYNAMODB, as in production code.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startEmbeddedDynamo } from '../../bin/local/embedded.ts';
import { createDocumentClient } from '../../lambdas/adapters/aws-clients.ts';
import { tableDefinition } from '../../lambdas/adapters/table-definition.ts';
import type { CaseRecord } from '../../lambdas/domain/types.ts';
import { seedTable } from '../../seed/seeder.ts';

export interface Dynalite {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Starts dynalite on a random port and points the SDK at it through the environment. */
export async function startDynalite(): Promise<Dynalite> {
  const db = await startEmbeddedDynamo();
  Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: db.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  return db;
}

let tables = 0;
/** Creates a fresh table (unique name) and returns a document client for it. */
export async function createTable(): Promise<{ client: DynamoDBDocumentClient; tableName: string }> {
  const tableName = `casewatch-${process.pid}-${++tables}`;
  await new DynamoDBClient({}).send(new CreateTableCommand(tableDefinition(tableName)));
  return { client: createDocumentClient(), tableName };
}

/** Writes a case with the real seeder (META, ACCUSED#, EVENT# with origin seed). */
export async function seedCase(client: DynamoDBDocumentClient, tableName: string, record: CaseRecord): Promise<void> {
  await seedTable({ client, tableName, cases: [record] });
}

export interface FeedServer {
  readonly base: string;
  /** Feed bodies by path; change them between runs. */
  readonly feeds: Map<string, string>;
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves RSS bodies from a map, with an ETag so conditional GETs answer 304. */
export async function startFeedServer(): Promise<FeedServer> {
  const feeds = new Map<string, string>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = feeds.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(500).end('boom');
      return;
    }
    const etag = `"${Buffer.from(body).length}-${hash(body)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, feeds, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An RSS 2.0 document with the given items. */
export function rss(items: { title: string; link: string; description: string; pubDate?: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = items
    .map((i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid>${esc(i.link)}</guid><description>${esc(i.description)}</description>${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}</item>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>http://x</link><description>d</description><language>en</language>${body}</channel></rss>`;
}

function hash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}
