/**
 * `npm run bench`: what a poll cycle costs, against the naive way and against the floor (issue 6).
 * Runs with no network: feeds come from local HTTP servers on loopback addresses, DynamoDB is an
 * in-memory dynalite, both in a child process so the poller's CPU and memory are its own.
 */
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { documentClient, ensureTable } from '../bin/local/embedded.ts';
import type { CaseRecord, NewsItem } from '../lambdas/domain/types.ts';
import type { FeedConfig } from '../lambdas/ports.ts';
import { loadCaseFiles, recordAsOf } from '../seed/load-case.ts';
import { seedTable } from '../seed/seeder.ts';
import { bundleForLambda, CDK_BUNDLING, measureInit, median } from './bench/cold-start.ts';
import { generateCorpus } from './bench/corpus.ts';
import { startFixture, type Fixture } from './bench/fixture-client.ts';
import { startCycleRunner } from './bench/runner-client.ts';
import { runNaiveCycle } from './bench/naive.ts';
import { FIGURE_NAMES, formatTable, meetsGoal, roundFigure, sizeLambda, type Figure, type FigureName } from './bench/report.ts';

const HELP = `usage: npm run bench -- [options]

Measures a poll cycle of the real poller against generated feeds served locally (no network).
  --feeds N            feeds to poll (default 200; --quick 40)
  --items N            items per feed (default 50; --quick 20)
  --delay-ms MS        each feed answers after this long (default 200)
  --hosts N            loopback addresses the feeds are spread over, from 127.0.0.1 (default 50; --quick 10)
  --seed N             corpus seed (default 1994)
  --runs N             full + unchanged cycle pairs, each on a fresh table; medians reported (default 3; --quick 1)
  --max-in-flight N    feeds polled at once (default: the handler's MAX_FEEDS_IN_FLIGHT default)
  --cpu-prof DIR       write a V8 CPU profile of the poller process into DIR (bundle left unminified)
  --skip-naive         skip the naive baseline (it takes feeds x delay and more)
  --quick              a smaller run that checks everything works; not the goals' conditions
  --json               end with one JSON line holding every figure`;

const ArgsSchema = z.object({
  feeds: z.coerce.number().int().min(1).max(5000).optional(),
  items: z.coerce.number().int().min(1).max(1000).optional(),
  delayMs: z.coerce.number().int().min(0).max(10_000).default(200),
  hosts: z.coerce.number().int().min(1).max(250).optional(),
  seed: z.coerce.number().int().default(1994),
  maxInFlight: z.coerce.number().int().min(1).max(64).optional(),
  runs: z.coerce.number().int().min(1).max(20).optional(),
  cpuProf: z.string().min(1).optional(),
  skipNaive: z.boolean().default(false),
  quick: z.boolean().default(false),
  json: z.boolean().default(false),
});

const TABLE = 'casewatch-bench';
const REPO_ROOT = resolve(import.meta.dirname, '..');

class BenchArgsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BenchArgsError';
  }
}

function parseBenchArgs(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        feeds: { type: 'string' },
        items: { type: 'string' },
        'delay-ms': { type: 'string' },
        hosts: { type: 'string' },
        seed: { type: 'string' },
        'max-in-flight': { type: 'string' },
        runs: { type: 'string' },
        'cpu-prof': { type: 'string' },
        'skip-naive': { type: 'boolean' },
        quick: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new BenchArgsError((err as Error).message, { cause: err });
  }
  if (values.help) return undefined;
  const parsed = ArgsSchema.safeParse({
    feeds: values.feeds,
    items: values.items,
    delayMs: values['delay-ms'],
    hosts: values.hosts,
    seed: values.seed,
    maxInFlight: values['max-in-flight'],
    runs: values.runs,
    cpuProf: values['cpu-prof'],
    skipNaive: values['skip-naive'],
    quick: values.quick,
    json: values.json,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BenchArgsError(`--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`);
  }
  const a = parsed.data;
  return {
    ...a,
    feeds: a.feeds ?? (a.quick ? 40 : 200),
    items: a.items ?? (a.quick ? 20 : 50),
    hosts: a.hosts ?? (a.quick ? 10 : 50),
    runs: a.runs ?? (a.quick ? 1 : 3),
  };
}
type BenchArgs = NonNullable<ReturnType<typeof parseBenchArgs>>;

const na = (reason: string): Figure => ({ na: reason.split('\n')[0]!.slice(0, 160) });
const val = (value: number): Figure => ({ value });
/** A one-line reason; a module that is not there yet is named by its path in the repository. */
const reasonOf = (err: unknown): string => {
  const e = err as { code?: string; message?: string; url?: string };
  if (e?.code === 'ERR_MODULE_NOT_FOUND') {
    const path = /Cannot find module '([^']+)'/.exec(e.message ?? '')?.[1];
    return `${path ? path.replace(`${REPO_ROOT}/`, '') : 'a module'} is missing`;
  }
  return err instanceof Error ? err.message : String(err);
};

function machine() {
  const cpu = cpus();
  return {
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

type Print = (line: string) => void;

const POLLER_FIGURES = ['cycleSeconds', 'cycleCpuSeconds', 'peakRssMb', 'dynamoRequests', 'unchangedCycleSeconds', 'unchangedItemsParsed', 'unchangedDynamoRequests'] as const;

/**
 * Full cycle and unchanged cycle with the real poller, store and fetcher, bundled as deployed and
 * run by plain node (scripts/bench/cycle-runner.ts). Returns the full cycle's seconds.
 */
async function benchPoller(fixture: Fixture, feeds: FeedConfig[], record: CaseRecord, args: BenchArgs, figures: Record<FigureName, Figure>, details: Record<string, unknown>, print: Print): Promise<number | undefined> {
  let runner;
  try {
    runner = await startCycleRunner(
      resolve(REPO_ROOT, 'scripts/bench/cycle-runner.ts'),
      resolve(REPO_ROOT, '.casewatch/bench/runner'),
      { dynamoEndpoint: fixture.dynamoEndpoint, env: await lambdaEnv(record), feeds, maxInFlight: args.maxInFlight },
      args.cpuProf ? resolve(args.cpuProf) : undefined,
    );
  } catch (err) {
    const reason = `poller not available: ${reasonOf(err)}`;
    for (const f of POLLER_FIGURES) figures[f] = na(reason);
    return undefined;
  }
  try {
    details.pollerSettings = { maxFeedsInFlight: runner.maxFeedsInFlight, feedTimeoutMs: runner.feedTimeoutMs };
    print(
      `poller: bundled as deployed, run by plain node; ${runner.maxFeedsInFlight} feeds in flight` +
        `${args.maxInFlight ? ' (--max-in-flight)' : " (the handler's MAX_FEEDS_IN_FLIGHT default)"}, ${runner.feedTimeoutMs / 1000} s fetch deadline`,
    );
    const runs = [];
    for (let r = 1; r <= args.runs; r++) {
      // A fresh, seeded table per run, so every item of the full cycle is new.
      const tableName = `${TABLE}-${r}`;
      const doc = documentClient(fixture.dynamoEndpoint);
      try {
        await ensureTable(doc, tableName);
        const seeded = await seedTable({ client: doc, tableName, cases: [record] });
        if (r === 1) print(`seeded ${record.caseId}: ${seeded.accusedWritten} accused, ${seeded.eventsWritten} events (into a fresh table for each run)`);
      } finally {
        doc.destroy();
      }
      await fixture.reset();
      const full = await runner.runCycle(tableName);
      const fullStats = await fixture.stats();
      // Unchanged cycle: the same table again, every feed answers 304.
      await fixture.reset();
      const again = await runner.runCycle(tableName);
      const againStats = await fixture.stats();
      runs.push({ full, fullStats, again, againStats });
      print(
        `run ${r}/${args.runs}: full cycle ${full.seconds.toFixed(2)} s (${full.cpuSeconds.toFixed(2)} s CPU, RSS ${full.startRssMb.toFixed(0)} -> ${full.peakRssMb.toFixed(0)} MB, V8 heap up to ${full.peakHeapTotalMb.toFixed(0)} MB), ` +
          `unchanged cycle ${again.seconds.toFixed(2)} s`,
      );
    }
    // Figures of the run with the median full cycle (and the median unchanged cycle); peak RSS is the highest of all.
    const byFull = [...runs].sort((a, b) => a.full.seconds - b.full.seconds);
    const byAgain = [...runs].sort((a, b) => a.again.seconds - b.again.seconds);
    const { full, fullStats } = byFull[Math.floor((byFull.length - 1) / 2)]!;
    const { again, againStats } = byAgain[Math.floor((byAgain.length - 1) / 2)]!;
    const peakRss = Math.max(...runs.map((x) => x.full.peakRssMb), ...runs.map((x) => x.again.peakRssMb));
    figures.cycleSeconds = val(full.seconds);
    figures.cycleCpuSeconds = val(full.cpuSeconds);
    figures.peakRssMb = val(peakRss);
    figures.dynamoRequests = val(fullStats.dynamo.total);
    figures.unchangedCycleSeconds = val(again.seconds);
    figures.unchangedItemsParsed = val(againStats.feeds.itemsServed);
    figures.unchangedDynamoRequests = val(againStats.dynamo.total);
    details.runs = runs.map((x) => ({ full: roundFigure(x.full.seconds), fullCpu: roundFigure(x.full.cpuSeconds), unchanged: roundFigure(x.again.seconds), peakRssMb: roundFigure(x.full.peakRssMb) }));
    details.fullCycle = { ...full, type: undefined, feedServer: fullStats.feeds, dynamo: fullStats.dynamo, fixtureCpuSeconds: fullStats.cpuSeconds };
    details.unchangedCycle = { ...again, type: undefined, feedServer: againStats.feeds, dynamo: againStats.dynamo, fixtureCpuSeconds: againStats.cpuSeconds };

    print(
      `full cycle (median of ${runs.length}): ${full.seconds.toFixed(2)} s wall, ${full.cpuSeconds.toFixed(2)} s CPU; ${full.summary.feedsOk} ok / ${full.summary.feedsFailed} failed feeds, ` +
        `${full.summary.itemsRead} items, ${full.summary.eventsFound} events, ${full.published} alerts; ` +
        `at most ${fullStats.feeds.maxInFlight} requests in flight (${fullStats.feeds.maxInFlightPerHost} per host)`,
    );
    print(`  DynamoDB requests by operation: ${JSON.stringify(fullStats.dynamo.byOperation)}; dynalite busy ms by operation: ${JSON.stringify(fullStats.dynamo.msByOperation)}`);
    print(`  fixture (feed servers + dynalite, the other process) CPU: ${fullStats.cpuSeconds.toFixed(2)} s`);
    print(`  RSS ${full.startRssMb.toFixed(0)} MB before the cycle, peak ${full.peakRssMb.toFixed(0)} MB during it (highest of all runs ${peakRss.toFixed(0)} MB)`);
    if (full.summary.feedsOk !== feeds.length) print(`  warning: only ${full.summary.feedsOk} of ${feeds.length} feeds were read; first failure: ${full.summary.firstFailure ?? 'none'}`);
    if (full.problems.length) print(`  the poller logged: ${full.problems.join('\n    ')}`);
    print(
      `unchanged cycle (median of ${runs.length}): ${again.seconds.toFixed(2)} s, ${again.cpuSeconds.toFixed(2)} s CPU; ${againStats.feeds.notModified} answered 304, ${againStats.feeds.ok} answered 200 ` +
        `(${againStats.feeds.itemsServed} items to parse); ${againStats.dynamo.total} DynamoDB requests ${JSON.stringify(againStats.dynamo.byOperation)}`,
    );
    if (again.problems.length) print(`  the poller logged: ${again.problems.join('\n    ')}`);
    return full.seconds;
  } catch (err) {
    const reason = reasonOf(err);
    print(`poll cycle failed: ${reason}`);
    for (const f of POLLER_FIGURES) if ('na' in figures[f]) figures[f] = na(reason);
    return 'value' in figures.cycleSeconds ? figures.cycleSeconds.value : undefined;
  } finally {
    await runner.close();
  }
}

async function benchNaive(fixture: Fixture, urls: string[], record: CaseRecord, cycleSeconds: number | undefined, figures: Record<FigureName, Figure>, details: Record<string, unknown>, print: Print): Promise<void> {
  const doc = documentClient(fixture.dynamoEndpoint);
  try {
    await ensureTable(doc, TABLE);
    const naive = await runNaiveCycle(urls, record, doc, TABLE);
    figures.naiveSeconds = val(naive.seconds);
    figures.naiveSpeedup = cycleSeconds ? val(naive.seconds / cycleSeconds) : na('no full-cycle time to compare with');
    details.naive = naive;
    print(`naive: ${naive.seconds.toFixed(2)} s for ${naive.feeds} feeds, ${naive.items} items, ${naive.getItems} GetItem calls; alias regexes matched ${naive.matches} items (namesakes included)`);
  } catch (err) {
    figures.naiveSeconds = na(`naive baseline failed: ${reasonOf(err)}`);
    figures.naiveSpeedup = na('no naive time');
  } finally {
    doc.destroy();
  }
}

/** Items per second through detectEvents on one core: 1 s warm-up, then at least 2 s timed. */
async function benchDetect(record: CaseRecord, args: BenchArgs, figures: Record<FigureName, Figure>, details: Record<string, unknown>, print: Print): Promise<void> {
  let detectEvents;
  try {
    ({ detectEvents } = await import('../lambdas/domain/detect.ts'));
  } catch (err) {
    figures.detectItemsPerSecond = na(`detector not available: ${reasonOf(err)}`);
    return;
  }
  const asOf = new Date().toISOString().slice(0, 10);
  const known = recordAsOf(record, asOf);
  const generated = generateCorpus(record, { seed: args.seed + 1, feeds: 100, itemsPerFeed: 50 }).flatMap((f) => f.items);
  const items: NewsItem[] = generated.map(({ title, text, link, published, lang }) => ({ title, text, link, published, lang }));
  try {
    // One pass first: it proves the detector runs, and says how the corpus reads to it.
    const found = { case: 0, namesake: 0, world: 0 };
    generated.forEach((g, i) => {
      if (detectEvents(items[i]!, known, asOf).length > 0) found[g.kind]++;
    });
    const total = { case: 0, namesake: 0, world: 0 };
    generated.forEach((g) => total[g.kind]++);
    details.detectCorpus = { items: items.length, itemsWithEvents: found, itemsByKind: total };
    print(`detector on ${items.length} generated items: events in ${found.case}/${total.case} case items, ${found.namesake}/${total.namesake} namesake items, ${found.world}/${total.world} world items`);

    const run = (ms: number): { n: number; seconds: number } => {
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < ms) {
        for (let i = 0; i < 100; i++) detectEvents(items[(n + i) % items.length]!, known, asOf);
        n += 100;
      }
      return { n, seconds: (performance.now() - t0) / 1000 };
    };
    run(args.quick ? 300 : 1000);
    const timed = run(args.quick ? 1000 : 2000);
    figures.detectItemsPerSecond = val(timed.n / timed.seconds);
    print(`detection: ${timed.n} items in ${timed.seconds.toFixed(2)} s on one core`);
  } catch (err) {
    figures.detectItemsPerSecond = na(`detectEvents failed: ${reasonOf(err)}`);
  }
}

/** The environment the CDK gives the poller (lib/constructs/poller-function.ts), with the shipped feed list. */
async function lambdaEnv(record: CaseRecord): Promise<Record<string, string>> {
  const shipped = JSON.parse(await readFile(resolve(REPO_ROOT, 'config/feeds.json'), 'utf8')) as { feeds: FeedConfig[] };
  return {
    TABLE_NAME: TABLE,
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:casewatch-alerts',
    FEEDS_JSON: JSON.stringify(shipped.feeds.map(({ id, url, lang, name }) => ({ id, url, lang, name }))),
    CASE_IDS: record.caseId,
    POWERTOOLS_SERVICE_NAME: 'casewatch-poller',
    POWERTOOLS_METRICS_NAMESPACE: 'casewatch',
    NODE_OPTIONS: '--enable-source-maps',
  };
}

/**
 * Lambda allows 4 KB for all of a function's variables and the CDK puts the feed list in
 * FEEDS_JSON: says how many feeds like the shipped ones fit, next to the count benchmarked.
 */
async function noteFeedListSize(feedCount: number, record: CaseRecord, print: Print, details: Record<string, unknown>): Promise<void> {
  const env = await lambdaEnv(record);
  const shipped = JSON.parse(env.FEEDS_JSON!) as unknown[];
  const perFeed = (Buffer.byteLength(env.FEEDS_JSON!) - 2) / shipped.length;
  // The CDK counts TABLE_NAME and TOPIC_ARN at their longest (255 and 320 bytes).
  const others = Object.entries({ ...env, TABLE_NAME: 'x'.repeat(255), TOPIC_ARN: 'x'.repeat(320), FEEDS_JSON: '' }).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v), 0);
  const fits = Math.floor((4096 - others - 2) / perFeed);
  details.feedListBytes = { perFeed: Math.round(perFeed), forThisRun: Math.round(perFeed * feedCount), feedsThatFit: fits };
  print(
    `feed list: FEEDS_JSON holds about ${Math.round(perFeed)} bytes per feed like config/feeds.json's, so ${feedCount} feeds need about ${(perFeed * feedCount / 1024).toFixed(1)} KB; ` +
      `Lambda's 4 KB of variables fit about ${fits}${feedCount > fits ? ' (a longer list is shipped in the bundle instead: FEEDS_FILE)' : ''}`,
  );
}

/** Bundle size and import time of the poller handler, as the CDK deploys it. */
async function benchColdStart(record: CaseRecord, args: BenchArgs, figures: Record<FigureName, Figure>, details: Record<string, unknown>, print: Print): Promise<void> {
  let bundle;
  try {
    // As lib/constructs/casewatch-function.ts deploys it: the AWS SDK bundled in (bundleAwsSDK).
    bundle = await bundleForLambda(resolve(REPO_ROOT, 'lambdas/poller/handler.ts'), resolve(REPO_ROOT, '.casewatch/bench/poller'), { bundleSdk: true });
  } catch (err) {
    figures.bundleKb = na(`bundling failed: ${reasonOf(err)}`);
    figures.initMs = na('no bundle');
    return;
  }
  if ((await readFile(bundle.file, 'utf8')).includes('not implemented yet')) {
    figures.bundleKb = na("the bundle still holds a stub ('not implemented yet')");
    figures.initMs = na("the bundle still holds a stub ('not implemented yet')");
    return;
  }
  figures.bundleKb = val(bundle.bytes / 1024);
  print(
    `bundle: ${(bundle.bytes / 1024).toFixed(1)} KB (+ ${(bundle.mapBytes / 1024).toFixed(0)} KB source map, not loaded) with esbuild ` +
      `platform ${CDK_BUNDLING.platform}, target ${CDK_BUNDLING.target}, format ${CDK_BUNDLING.format}, minified, the AWS SDK bundled in as the CDK construct does (bundleAwsSDK)`,
  );
  // What the Lambda runtime adds to the function's own variables; the SDK never reaches AWS here.
  const env = {
    ...(await lambdaEnv(record)),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: 'casewatch-poller',
  };
  try {
    // Two alternatives, measured in turn with the deployed bundle so machine load hits all alike.
    const runtimeSdkBundle = await bundleForLambda(resolve(REPO_ROOT, 'lambdas/poller/handler.ts'), resolve(REPO_ROOT, '.casewatch/bench/poller-runtime-sdk'));
    const variants = [
      { name: 'as deployed', file: bundle.file, env },
      { name: 'without NODE_OPTIONS=--enable-source-maps', file: bundle.file, env: { ...env, NODE_OPTIONS: '' } },
      { name: `with the Lambda runtime's SDK instead (${CDK_BUNDLING.external.join(' ')} external, ${(runtimeSdkBundle.bytes / 1024).toFixed(0)} KB)`, file: runtimeSdkBundle.file, env },
    ];
    const times: number[][] = variants.map(() => []);
    for (let i = 0; i < (args.quick ? 3 : 7); i++) {
      for (const [j, v] of variants.entries()) times[j]!.push(...(await measureInit(v.file, v.env, 1)));
    }
    const runs = times[0]!;
    figures.initMs = val(median(runs));
    details.initRunsMs = runs.map(roundFigure);
    details.initVariants = variants.map((v, j) => ({ name: v.name, medianMs: roundFigure(median(times[j]!)) }));
    details.runtimeSdkBundleKb = roundFigure(runtimeSdkBundle.bytes / 1024);
    print(`init: ${runs.map((r) => r.toFixed(0)).join(', ')} ms (median ${median(runs).toFixed(0)} ms) to import the bundle in a fresh node, environment as the CDK sets it`);
    variants.slice(1).forEach((v, j) => print(`  ${v.name}: median ${median(times[j + 1]!).toFixed(0)} ms`));
  } catch (err) {
    figures.initMs = na(reasonOf(err));
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseBenchArgs(argv);
  if (!args) {
    console.log(HELP);
    return 0;
  }
  // The pinned SDK still supports Node 20; its notice about 2027 releases is noise in the figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const print: Print = (line) => console.log(line);
  const figures = Object.fromEntries(FIGURE_NAMES.map((n) => [n, na('not measured')])) as Record<FigureName, Figure>;
  const details: Record<string, unknown> = {};
  const m = machine();
  const [record] = await loadCaseFiles();
  if (!record) throw new Error('no case file in seed/');

  print(`casewatch benchmark${args.quick ? ' (--quick: a smaller run, not the goals\' conditions)' : ''}`);
  print(`machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GiB, node ${m.node}; load average ${m.loadAverage1m} when the run started (other work on the machine slows every figure)`);
  print(
    `feeds: ${args.feeds} x ${args.items} generated items (seed ${args.seed}), each answered after ${args.delayMs} ms, ` +
      `spread over ${args.hosts} loopback hosts 127.0.0.1-127.0.0.${args.hosts} so per-host politeness limits act as with real outlets; ` +
      `DynamoDB: in-memory dynalite; both in a child process`,
  );

  // Items dated up to the current hour, so a poller that skips stale items reads them all.
  const newest = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
  const fixture = await startFixture({ seed: args.seed, feeds: args.feeds, items: args.items, hosts: args.hosts, delayMs: args.delayMs, newest });
  const corpusFeeds = generateCorpus(record, { seed: args.seed, feeds: args.feeds, itemsPerFeed: args.items, newest });
  const feeds: FeedConfig[] = corpusFeeds.map((f) => ({ id: f.id, url: fixture.urls.get(f.id)!, lang: f.lang, name: f.title }));
  let cycleSeconds: number | undefined;
  try {
    try {
      cycleSeconds = await benchPoller(fixture, feeds, record, args, figures, details, print);
    } catch (err) {
      const reason = `poll cycle failed: ${reasonOf(err)}`;
      print(reason);
      for (const name of FIGURE_NAMES) if ('na' in figures[name] && figures[name].na === 'not measured') figures[name] = na(reason);
    }
    if (args.skipNaive) {
      figures.naiveSeconds = na('--skip-naive');
      figures.naiveSpeedup = na('--skip-naive');
    } else {
      await benchNaive(fixture, feeds.map((f) => f.url), record, cycleSeconds, figures, details, print);
    }
  } finally {
    await fixture.close();
  }
  await benchDetect(record, args, figures, details, print);
  await benchColdStart(record, args, figures, details, print);

  await noteFeedListSize(args.feeds, record, print, details);
  print('');
  print(`load average ${loadavg()[0]!.toFixed(2)} at the end of the run`);
  formatTable(figures).forEach((l) => print(l));
  const cyc = figures.cycleSeconds;
  const cpu = figures.cycleCpuSeconds;
  const rss = figures.peakRssMb;
  let sizing;
  if ('value' in cyc && 'value' in cpu && 'value' in rss) {
    sizing = sizeLambda({ cycleSeconds: cyc.value, cycleCpuSeconds: cpu.value, peakRssMb: rss.value, fetchDeadlineSeconds: (details.pollerSettings as { feedTimeoutMs: number }).feedTimeoutMs / 1000 });
    print('');
    print(`Lambda sizing for ${args.feeds} feeds: memory ${sizing.memoryMb} MB, timeout ${sizing.timeoutSeconds} s (projected cycle ${sizing.projectedCycleSeconds.toFixed(1)} s)`);
    sizing.reasons.forEach((r) => print(`  - ${r}`));
  }

  if (args.json) {
    const flat: Record<string, number | null> = {};
    const naReasons: Record<string, string> = {};
    const goalsMet: Record<string, boolean> = {};
    for (const name of FIGURE_NAMES) {
      const f = figures[name];
      flat[name] = 'value' in f ? roundFigure(f.value) : null;
      if ('na' in f) naReasons[name] = f.na;
      const ok = meetsGoal(name, f);
      if (ok !== undefined) goalsMet[name] = ok;
    }
    console.log(JSON.stringify({ ...flat, na: naReasons, goalsMet, sizing, config: args, machine: m, details }));
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench: ${err instanceof BenchArgsError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(err instanceof BenchArgsError ? 2 : 1);
  },
);
