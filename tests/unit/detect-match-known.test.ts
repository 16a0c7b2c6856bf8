import { describe, expect, it } from 'vitest';
import { daysApart, matchKnownEvent } from '../../lambdas/domain/detect/match-known.ts';
import { RECORD } from './detect-fixture.ts';

describe('matchKnownEvent', () => {
  it('matches the same accused, type and country within 30 days', () => {
    const hit = matchKnownEvent({ accused: 'velayati', type: 'arrest_request', country: 'RU', date: '2018-08-09' }, RECORD, '2020-01-01');
    expect(hit?.id).toBe('2018-07-11#velayati#arrest_request#RU');
    expect(matchKnownEvent({ accused: 'velayati', type: 'arrest_request', country: 'RU', date: '2018-08-20' }, RECORD, '2020-01-01')).toBeUndefined();
  });

  it('treats a partial date as its whole period', () => {
    expect(daysApart('2016', '2016-10-20')).toBe(0);
    expect(daysApart('2016-07', '2016-08-15')).toBe(15);
    expect(matchKnownEvent({ accused: 'velayati', type: 'arrest_request', country: 'MY', date: '2016' }, RECORD, '2020-01-01')).toBeDefined();
  });

  it('ignores record events dated on or after the as-of day', () => {
    expect(matchKnownEvent({ accused: 'velayati', type: 'arrest_request', country: 'RU', date: '2018-07-11' }, RECORD, '2018-07-11')).toBeUndefined();
  });

  it('takes a record event dated by month as of its first day', () => {
    const record = { ...RECORD, events: [{ ...RECORD.events[0]!, date: '2017-05', type: 'red_notice' as const, country: null }] };
    const ev = { accused: 'velayati', type: 'red_notice' as const, country: null, date: '2017-05-20' };
    expect(matchKnownEvent(ev, record, '2017-05-01')).toBeUndefined();
    expect(matchKnownEvent(ev, record, '2017-05-02')).toBeDefined();
  });

  it('matches an undated past mention to any earlier record event of the same kind', () => {
    const ev = { accused: 'rezaei', type: 'travel' as const, country: 'NI', date: '2023-06-01' };
    expect(matchKnownEvent(ev, RECORD, '2023-06-01')).toBeUndefined();
    expect(matchKnownEvent({ ...ev, undatedPast: true }, RECORD, '2023-06-01')?.id).toBe('2022-01-10#rezaei#travel#NI');
  });
});
