/**
 * The benchmark's figures, their goals (issue 6) and the Lambda sizing they imply, formatted for a
 * terminal and for one JSON line.
 */

/** A figure is a number, or absent with the reason it could not be measured. */
export type Figure = { readonly value: number } | { readonly na: string };

export const FIGURE_NAMES = [
  'cycleSeconds',
  'cycleCpuSeconds',
  'peakRssMb',
  'dynamoRequests',
  'naiveSeconds',
  'naiveSpeedup',
  'unchangedCycleSeconds',
  'unchangedItemsParsed',
  'unchangedDynamoRequests',
  'detectItemsPerSecond',
  'bundleKb',
  'initMs',
] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

interface Goal {
  readonly op: '<=' | '>=' | '==';
  readonly target: number;
}

/** The goals of issue 6; figures without a goal are context for the others. */
export const GOALS: Partial<Record<FigureName, Goal>> = {
  cycleSeconds: { op: '<=', target: 5 },
  naiveSpeedup: { op: '>=', target: 8 },
  unchangedCycleSeconds: { op: '<=', target: 2 },
  unchangedItemsParsed: { op: '==', target: 0 },
  unchangedDynamoRequests: { op: '<=', target: 20 },
  detectItemsPerSecond: { op: '>=', target: 20_000 },
  peakRssMb: { op: '<=', target: 200 },
  bundleKb: { op: '<=', target: 1024 },
  initMs: { op: '<=', target: 250 },
};

const UNITS: Record<FigureName, string> = {
  cycleSeconds: 's',
  cycleCpuSeconds: 's',
  peakRssMb: 'MB',
  dynamoRequests: '',
  naiveSeconds: 's',
  naiveSpeedup: 'x',
  unchangedCycleSeconds: 's',
  unchangedItemsParsed: '',
  unchangedDynamoRequests: '',
  detectItemsPerSecond: '/s',
  bundleKb: 'KB',
  initMs: 'ms',
};

/** Whether a measured figure meets its goal; undefined when it has no goal or no value. */
export function meetsGoal(name: FigureName, figure: Figure): boolean | undefined {
  const goal = GOALS[name];
  if (!goal || !('value' in figure)) return undefined;
  if (goal.op === '<=') return figure.value <= goal.target;
  if (goal.op === '>=') return figure.value >= goal.target;
  return figure.value === goal.target;
}

/** Rounds for display and JSON: two decimals below 100, integers above. */
export function roundFigure(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100;
}

const formatNumber = (v: number): string => roundFigure(v).toLocaleString('en-US');

/** The figures table as terminal lines. */
export function formatTable(figures: Record<FigureName, Figure>): string[] {
  const rows = FIGURE_NAMES.map((name) => {
    const f = figures[name];
    const goal = GOALS[name];
    const goalText = goal ? `${goal.op === '==' ? '=' : goal.op} ${goal.target.toLocaleString('en-US')}${UNITS[name] && UNITS[name] !== 'x' ? ` ${UNITS[name]}` : UNITS[name]}` : '';
    const measured = 'value' in f ? `${formatNumber(f.value)}${UNITS[name] && UNITS[name] !== 'x' ? ` ${UNITS[name]}` : UNITS[name]}` : `n/a (${f.na})`;
    const ok = meetsGoal(name, f);
    return [name, goalText, measured, ok === undefined ? ('value' in f || !goal ? '' : '?') : ok ? '✓' : '✗'];
  });
  const w0 = Math.max(...rows.map((r) => r[0]!.length), 6);
  const w1 = Math.max(...rows.map((r) => r[1]!.length), 4);
  return [`${'figure'.padEnd(w0)}  ${'goal'.padEnd(w1)}  measured`, ...rows.map((r) => `${r[0]!.padEnd(w0)}  ${r[1]!.padEnd(w1)}  ${r[2]} ${r[3]}`.trimEnd())];
}

/** Lambda memory sizes considered; 1769 MB is where Lambda gives one full vCPU. */
const MEMORY_STEPS = [256, 512, 1024, 1769] as const;
const FULL_VCPU_MB = 1769;
/** A full cycle (every item new: the first run, or a burst of news) should end within this. */
const WORST_CYCLE_TARGET_SECONDS = 10;

export interface SizingInput {
  readonly cycleSeconds: number;
  readonly cycleCpuSeconds: number;
  readonly peakRssMb: number;
  /** The fetcher's per-request deadline: one slow feed can hold a cycle this long. */
  readonly fetchDeadlineSeconds: number;
}

export interface Sizing {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Projected full cycle at that memory: the wall time, or the CPU time stretched by the vCPU share. */
  readonly projectedCycleSeconds: number;
  readonly reasons: readonly string[];
}

/**
 * Picks the smallest memory that holds twice the peak RSS and, at Lambda's vCPU share for that
 * memory (memory / 1769 MB), still finishes a full cycle within 10 s; then a timeout of three
 * times that projected cycle plus one fetch deadline, at least 60 s.
 */
export function sizeLambda(input: SizingInput): Sizing {
  const share = (mb: number) => Math.min(mb, FULL_VCPU_MB) / FULL_VCPU_MB;
  const projected = (mb: number) => Math.max(input.cycleSeconds, input.cycleCpuSeconds / share(mb));
  const memoryMb = MEMORY_STEPS.find((mb) => input.peakRssMb * 2 <= mb && projected(mb) <= WORST_CYCLE_TARGET_SECONDS) ?? FULL_VCPU_MB;
  const projectedCycleSeconds = projected(memoryMb);
  const timeoutSeconds = Math.max(60, Math.ceil((projectedCycleSeconds * 3 + input.fetchDeadlineSeconds) / 10) * 10);
  const reasons = [
    `peak RSS ${formatNumber(input.peakRssMb)} MB, twice that fits ${memoryMb} MB`,
    `${formatNumber(input.cycleCpuSeconds)} s of CPU per full cycle at ${formatNumber(share(memoryMb))} vCPU ≈ ${formatNumber(input.cycleCpuSeconds / share(memoryMb))} s ` +
      `(${MEMORY_STEPS.filter((mb) => mb < memoryMb).map((mb) => `${mb} MB: ${formatNumber(projected(mb))} s`).join(', ') || 'smallest size considered'}); target <= ${WORST_CYCLE_TARGET_SECONDS} s`,
    `timeout 3 x ${formatNumber(projectedCycleSeconds)} s + one ${input.fetchDeadlineSeconds} s fetch deadline, at least 60 s`,
  ];
  return { memoryMb, timeoutSeconds, projectedCycleSeconds, reasons };
}
