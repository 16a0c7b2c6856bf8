/**
 * Bundles scripts/bench/cycle-runner.ts as the CDK bundles the handler and runs it under plain
 * `node`, one poll cycle per request.
 */
import { fork } from 'node:child_process';
import { bundleForLambda } from './cold-start.ts';
import type { CycleReply, CycleRequest, RunnerConfig } from './cycle-runner.ts';
import { nextReply } from './ipc.ts';

export type CycleResult = Extract<CycleReply, { type: 'cycle' }>;

export interface CycleRunner {
  readonly maxFeedsInFlight: number;
  readonly feedTimeoutMs: number;
  /** One cycle against `tableName`. */
  runCycle(tableName: string): Promise<CycleResult>;
  close(): Promise<void>;
}

/** Bundles the runner into `outDir` and starts it (with `--cpu-prof` into `cpuProfDir` if given); throws if it cannot be built or started. */
export async function startCycleRunner(entry: string, outDir: string, config: RunnerConfig, cpuProfDir?: string): Promise<CycleRunner> {
  const bundle = await bundleForLambda(entry, outDir, { minify: !cpuProfDir });
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  // Plain node: no tsx loader inherited from this process.
  const child = fork(bundle.file, [JSON.stringify(config)], { execArgv: cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await nextReply<CycleReply, 'ready'>(child, 'ready', 'cycle runner');
  return {
    maxFeedsInFlight: ready.maxFeedsInFlight,
    feedTimeoutMs: ready.feedTimeoutMs,
    runCycle: async (tableName) => {
      const reply = nextReply<CycleReply, 'cycle'>(child, 'cycle', 'cycle runner');
      child.send({ type: 'cycle', tableName } satisfies CycleRequest);
      return reply;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      child.send({ type: 'exit' });
      await exited;
    },
  };
}
