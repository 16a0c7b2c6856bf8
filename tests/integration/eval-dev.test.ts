import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECTION_BAR, readLabeledSet, scoreItems } from '../../scripts/eval.ts';

const DEV_SET = resolve(import.meta.dirname, '../../../shared/eval/dev.jsonl');
const present = existsSync(DEV_SET);
if (!present) console.log(`eval-dev test skipped: ${DEV_SET} not found (it sits beside a checkout, not in it)`);

describe.skipIf(!present)('detection on the labeled development set', () => {
  it('meets the bar: alert precision and recall >= 0.95, event F1 >= 0.90, every file read', async () => {
    const score = await scoreItems(await readLabeledSet(DEV_SET));
    expect(score.scanErrors).toEqual([]);
    expect(score.alertPrecision).toBeGreaterThanOrEqual(DETECTION_BAR.alertPrecision);
    expect(score.alertRecall).toBeGreaterThanOrEqual(DETECTION_BAR.alertRecall);
    expect(score.eventF1).toBeGreaterThanOrEqual(DETECTION_BAR.eventF1);
  });
});
