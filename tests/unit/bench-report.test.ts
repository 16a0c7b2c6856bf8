import { describe, expect, it } from 'vitest';
import { formatTable, meetsGoal, sizeLambda, type Figure, type FigureName, FIGURE_NAMES } from '../../scripts/bench/report.ts';

describe('benchmark goals', () => {
  it('checks each figure against its goal in the right direction', () => {
    expect(meetsGoal('cycleSeconds', { value: 5 })).toBe(true);
    expect(meetsGoal('cycleSeconds', { value: 5.01 })).toBe(false);
    expect(meetsGoal('naiveSpeedup', { value: 7.9 })).toBe(false);
    expect(meetsGoal('unchangedItemsParsed', { value: 0 })).toBe(true);
    expect(meetsGoal('unchangedItemsParsed', { value: 1 })).toBe(false);
    expect(meetsGoal('cycleCpuSeconds', { value: 99 })).toBeUndefined();
    expect(meetsGoal('initMs', { na: 'no bundle' })).toBeUndefined();
  });

  it('prints an unmeasured figure as n/a with its reason, never as a number', () => {
    const figures = Object.fromEntries(FIGURE_NAMES.map((n) => [n, { value: 1 }])) as Record<FigureName, Figure>;
    figures.initMs = { na: 'handler missing' };
    const line = formatTable(figures).find((l) => l.startsWith('initMs'))!;
    expect(line).toContain('n/a (handler missing)');
    expect(line).not.toContain('✓');
  });
});

describe('Lambda sizing from the figures', () => {
  it('picks the smallest memory whose vCPU share ends a full cycle within 10 s and holds twice the peak RSS', () => {
    const s = sizeLambda({ cycleSeconds: 5, cycleCpuSeconds: 4.5, peakRssMb: 210, fetchDeadlineSeconds: 20 });
    // 512 MB is 0.29 vCPU: 4.5 s of CPU would take about 15.5 s.
    expect(s.memoryMb).toBe(1024);
    expect(s.projectedCycleSeconds).toBeCloseTo(4.5 / (1024 / 1769), 5);
    expect(s.timeoutSeconds).toBe(60);
  });

  it('asks for more memory when the peak RSS would not fit twice', () => {
    expect(sizeLambda({ cycleSeconds: 2, cycleCpuSeconds: 0.5, peakRssMb: 300, fetchDeadlineSeconds: 20 }).memoryMb).toBe(1024);
    expect(sizeLambda({ cycleSeconds: 2, cycleCpuSeconds: 0.5, peakRssMb: 100, fetchDeadlineSeconds: 20 }).memoryMb).toBe(256);
  });

  it('lengthens the timeout for a slow cycle: three cycles plus a fetch deadline', () => {
    const s = sizeLambda({ cycleSeconds: 30, cycleCpuSeconds: 20, peakRssMb: 150, fetchDeadlineSeconds: 20 });
    expect(s.memoryMb).toBe(1769);
    expect(s.timeoutSeconds).toBe(110);
  });
});
