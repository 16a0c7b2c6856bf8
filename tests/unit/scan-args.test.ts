import { describe, expect, it } from 'vitest';
import { parseScanArgs, ScanUsageError } from '../../bin/commands/scan.ts';

describe('casewatch scan arguments', () => {
  it('defaults the as-of day to today and output to text', () => {
    expect(parseScanArgs(['feeds/'], '2026-11-27')).toEqual({ sources: ['feeds/'], asOf: '2026-11-27', json: false, explain: false });
  });

  it('takes several sources and the flags', () => {
    expect(parseScanArgs(['a.xml', 'https://x.test/rss', '--as-of', '2019-11-01', '--json', '--explain'])).toEqual({
      sources: ['a.xml', 'https://x.test/rss'], asOf: '2019-11-01', json: true, explain: true,
    });
  });

  it('rejects a date that is not a calendar day', () => {
    expect(() => parseScanArgs(['a.xml', '--as-of', '2019-02-30'])).toThrow(ScanUsageError);
    expect(() => parseScanArgs(['a.xml', '--as-of', 'yesterday'])).toThrow('--as-of must be YYYY-MM-DD');
  });

  it('rejects an unknown flag and a missing source with one line', () => {
    expect(() => parseScanArgs(['a.xml', '--jsn'])).toThrow(/Unknown option '--jsn'/);
    expect(() => parseScanArgs(['--json'])).toThrow('at least one');
  });
});
