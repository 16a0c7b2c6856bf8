/**
 * Starts scripts/bench/fixture.ts in a child process and talks to it: feed URLs, the DynamoDB
 * endpoint, and request counts on demand.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FeedServerStats } from './feed-server.ts';
import { nextReply } from './ipc.ts';
import type { DynamoStats, FixtureConfig, FixtureMessage, FixtureReply } from './fixture.ts';

export interface Fixture {
  readonly urls: ReadonlyMap<string, string>;
  readonly hosts: readonly string[];
  readonly dynamoEndpoint: string;
  /** Counts since the last reset; `cpuSeconds` is the fixture process's own CPU time. */
  stats(): Promise<{ feeds: FeedServerStats; dynamo: DynamoStats; cpuSeconds: number }>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

const FIXTURE = fileURLToPath(new URL('./fixture.ts', import.meta.url));

/** Forks the fixture (run by tsx) and waits until its servers listen. */
export async function startFixture(config: FixtureConfig): Promise<Fixture> {
  const child: ChildProcess = fork(FIXTURE, [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends FixtureReply['type']>(type: T) => nextReply<FixtureReply, T>(child, type, 'benchmark fixture');
  const send = (msg: FixtureMessage) => child.send(msg);

  const ready = await next('ready');
  return {
    urls: new Map(ready.urls),
    hosts: ready.hosts,
    dynamoEndpoint: ready.dynamoEndpoint,
    stats: async () => {
      const reply = next('stats');
      send({ type: 'stats' });
      const { feeds, dynamo, cpuSeconds } = await reply;
      return { feeds, dynamo, cpuSeconds };
    },
    reset: async () => {
      const reply = next('reset');
      send({ type: 'reset' });
      await reply;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      send({ type: 'close' });
      await exited;
    },
  };
}
