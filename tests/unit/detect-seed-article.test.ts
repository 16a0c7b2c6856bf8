import { beforeAll, describe, expect, it } from 'vitest';
import { detectEvents } from '../../lambdas/domain/detect.ts';
import type { CaseRecord, DetectedEvent } from '../../lambdas/domain/types.ts';
import { loadCaseFiles, recordAsOf } from '../../seed/load-case.ts';

// The demo's seed article, in our own words, against the shipped AMIA record as of 2019-11-01.
const ARTICLE = {
  title: '1994 AMIA bombing',
  text:
    'Buenos Aires has requested that Azerbaijan arrest Alí Akbar Velayati, a senior Iranian adviser to the ' +
    "country's Supreme Leader, who is scheduled to attend the Second Summit of religious world leaders in Baku on " +
    "November 14 and 15. On Friday the Argentine Foreign Minister summoned Azerbaijan's ambassador and asked for " +
    'cooperation "in order to carry out the detention for extradition purposes". In 2016, ahead of another Velayati ' +
    'trip, Argentina made requests for his arrest to Singapore and Malaysia; that same year Argentina asked Iraq to ' +
    'extradite Velayati during his visit to Baghdad. Two years later another unsuccessful request was made to Russia.',
  link: 'https://demo.test/amia-velayati-baku',
  published: '2019-11-10T12:00:00Z',
};

describe('the demo seed article', () => {
  let events: DetectedEvent[];
  const find = (type: string, country: string) => events.find((e) => e.type === type && e.country === country && e.accused === 'velayati');

  beforeAll(async () => {
    const record = (await loadCaseFiles()).find((r) => r.caseId === 'amia-1994') as CaseRecord;
    events = detectEvents(ARTICLE, recordAsOf(record, '2019-11-01'), '2019-11-01');
  });

  it('finds the new request to Azerbaijan and the announced trip to Baku', () => {
    expect(find('arrest_request', 'AZ')?.known).toBe(false);
    expect(find('travel', 'AZ')?.known).toBe(false);
    expect(find('travel', 'AZ')?.date).toBe('2019-11-14');
  });

  it('recognises the 2016 requests to Singapore, Malaysia and Iraq and the trip to Iraq as known', () => {
    for (const c of ['SG', 'MY', 'IQ']) {
      expect(find('arrest_request', c)?.known, c).toBe(true);
      expect(find('arrest_request', c)?.date, c).toBe('2016');
    }
    expect(find('travel', 'IQ')?.knownEventId).toBe('2016-10-19#velayati#travel#IQ');
  });

  it('resolves "two years later" to 2018 and matches the request to Russia', () => {
    expect(find('arrest_request', 'RU')?.date).toBe('2018');
    expect(find('arrest_request', 'RU')?.knownEventId).toBe('2018-07-11#velayati#arrest_request#RU');
  });

  it('alerts nothing else', () => {
    expect(events.filter((e) => !e.known).map((e) => `${e.type} ${e.country}`).sort()).toEqual(['arrest_request AZ', 'travel AZ']);
    expect(events.some((e) => e.country === 'AR')).toBe(false);
  });
});
