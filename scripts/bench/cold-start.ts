/**
 * Cold start of the poller: bundle its handler as the CDK's NodejsFunction does (lib/constructs/
 * casewatch-function.ts: esbuild, platform node, target from the runtime, ESM with a `require`
 * banner, minified, external source map, the AWS SDK bundled in), then time how
 * long a fresh Node process takes to import the bundle, which builds its clients at module scope.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** Mirrors the CDK construct: NODEJS_24_X gives `--target=node24`; `external` applies only when the SDK is left to the runtime. */
export const CDK_BUNDLING = {
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*'],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
} as const;

/** esbuild refused the entry (a module missing, a syntax error); the message names the first problem. */
export class BundleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BundleError';
  }
}

export interface BundleResult {
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
}

/** Bundles `entry` into `outDir/index.mjs` (plus its .map) with the CDK's settings; `minify: false` keeps names for profiles, `bundleSdk` inlines the AWS SDK (the CDK's bundleAwsSDK). */
export async function bundleForLambda(entry: string, outDir: string, options: { minify?: boolean; bundleSdk?: boolean } = {}): Promise<BundleResult> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'index.mjs');
  try {
    await build({
      entryPoints: [entry],
      bundle: true,
      outfile: file,
      platform: CDK_BUNDLING.platform,
      target: CDK_BUNDLING.target,
      format: CDK_BUNDLING.format,
      minify: options.minify ?? CDK_BUNDLING.minify,
      sourcemap: CDK_BUNDLING.sourcemap,
      sourcesContent: CDK_BUNDLING.sourcesContent,
      mainFields: [...CDK_BUNDLING.mainFields],
      external: options.bundleSdk ? [] : [...CDK_BUNDLING.external],
      banner: { js: CDK_BUNDLING.banner },
      logLevel: 'silent',
    });
  } catch (err) {
    const first = (err as { errors?: { text: string; location?: { file: string } | null }[] }).errors?.[0];
    throw new BundleError(first ? `cannot bundle ${entry.split('/').slice(-2).join('/')}: ${first.text}${first.location ? ` (in ${first.location.file})` : ''}` : `cannot bundle ${entry}: ${(err as Error).message}`, { cause: err });
  }
  return { file, bytes: (await stat(file)).size, mapBytes: (await stat(`${file}.map`)).size };
}

/** What the child prints: the import time, and the handler's type to prove it loaded. */
const PROBE = `
const t0 = performance.now();
const mod = await import(process.argv[1]);
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, handler: typeof mod.handler }) + '\\n');
`;

/**
 * Imports the bundle in `runs` fresh Node processes with `env`; returns each import time (ms).
 * The bundle must lie under the repository so `@aws-sdk/*` resolves as the runtime's copy would.
 */
export async function measureInit(bundleFile: string, env: Record<string, string>, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = await new Promise<string>((ok, fail) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE, pathToFileURL(bundleFile).href], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', fail);
      child.on('close', (code) => (code === 0 ? ok(stdout) : fail(new Error(`bundle failed to load (exit ${code}): ${stderr.trim().split('\n').slice(0, 3).join(' | ')}`))));
    });
    const line = out.trim().split('\n').pop() ?? '';
    const parsed = JSON.parse(line) as { ms: number; handler: string };
    if (parsed.handler !== 'function') throw new Error(`the bundle exports no handler function (got ${parsed.handler})`);
    times.push(parsed.ms);
  }
  return times;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
