/**
 * `casewatch demo` (= `npm run demo`): serves the bundled sample feed from 127.0.0.1 and runs the
 * real pipeline on it with the case record as it stood on 2019-11-01, in its own database folder.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LOCAL_DIR } from '../local/embedded.ts';
import { runLocalCycle, type LocalCycleResult } from '../local/run-local-cycle.ts';

const DEMO_FEED = resolve(dirname(fileURLToPath(import.meta.url)), '../../config/demo/amia-2019-11.xml');
/** The record as the demo's news found it: before the November 2019 Azerbaijan request. */
export const DEMO_AS_OF = '2019-11-01';
const DEMO_PORT = 47190;

const HELP = `usage: casewatch demo [--reset]

Serves config/demo/amia-2019-11.xml on 127.0.0.1 and polls it with the case record as of
${DEMO_AS_OF} (database in .casewatch/demo-db). The first run sends two alerts (Velayati:
arrest request to Azerbaijan, travel to Azerbaijan); a second run sends nothing new.
  --reset   forget the demo's database first, so the alerts are sent again`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { reset: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  await runDemo({ reset: values.reset });
  return 0;
}

export interface DemoOptions {
  /** Forget the demo's database first. */
  readonly reset?: boolean;
  /** Demo database folder (default `.casewatch/demo-db`). */
  readonly dataDir?: string;
  /** Outbox file (default `.casewatch/outbox.jsonl`). */
  readonly outboxPath?: string;
  readonly print?: (line: string) => void;
}

/** Serves the sample feed and runs one cycle on it; returns what the cycle delivered. */
export async function runDemo(options: DemoOptions = {}): Promise<LocalCycleResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  const dataDir = options.dataDir ?? join(LOCAL_DIR, 'demo-db');
  if (options.reset) {
    await rm(dataDir, { recursive: true, force: true });
    print(`casewatch demo: reset (removed ${dataDir})`);
  }
  const server = await serveFile(DEMO_FEED);
  try {
    const { port } = server.address() as AddressInfo;
    const result = await runLocalCycle({
      feeds: [{ id: 'demo-amia-2019-11', url: `http://127.0.0.1:${port}/amia-2019-11.xml`, lang: 'en', name: 'casewatch demo feed' }],
      dataDir,
      seedAsOf: DEMO_AS_OF,
      outboxPath: options.outboxPath,
      print,
    });
    if (result.summary.alertsSent === 0) print('casewatch demo: no new alerts (already sent; use --reset to start over)');
    return result;
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}

/** Serves one file with an ETag, answering 304 to a matching If-None-Match like a real feed. */
async function serveFile(path: string): Promise<Server> {
  const body = await readFile(path);
  const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  const server = createServer((req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: etag }).end(body);
  });
  // A fixed port keeps the feed's URL, and so its saved ETag, the same from run to run (the poller
  // drops a feed's validators when its URL changes); any free port if that one is taken.
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? server.listen(0, '127.0.0.1', ok) : fail(err)));
    server.listen(DEMO_PORT, '127.0.0.1', ok);
  });
  return server;
}
