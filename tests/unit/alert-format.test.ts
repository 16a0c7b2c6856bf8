import { describe, expect, it } from 'vitest';
import { formatAlert, toSnsSubject } from '../../lambdas/domain/alert.ts';
import type { EventSource } from '../../lambdas/ports.ts';
import type { CaseRecord, DetectedEvent } from '../../lambdas/domain/types.ts';

const record: CaseRecord = {
  caseId: 'amia-1994',
  title: 'AMIA bombing, Buenos Aires, 18 July 1994',
  contextTerms: ['AMIA'],
  namesakes: [],
  notNames: [],
  accused: [
    {
      id: 'velayati',
      name: 'Alí Akbar Velayati',
      aliases: [],
      nativeNames: [],
      surnames: ['Velayati'],
      role: 'Foreign Minister',
      roleTerms: [],
      status: 'alive; Argentine warrant, no red notice',
      nationality: 'IR',
      homeCountries: [],
      redNotice: false,
    },
  ],
  events: [
    { id: '2018-07-11#velayati#arrest_request#RU', caseId: 'amia-1994', accused: 'velayati', type: 'arrest_request', country: 'RU', date: '2018-07-11', summary: 'detention requested from Russia', origin: 'seed' },
    { id: '2016-10-19#velayati#travel#IQ', caseId: 'amia-1994', accused: 'velayati', type: 'travel', country: 'IQ', date: '2016-10-19', summary: 'meeting in Baghdad', origin: 'seed' },
  ],
};

const event = (over: Partial<DetectedEvent> = {}): DetectedEvent => ({
  accused: 'velayati',
  type: 'arrest_request',
  country: 'AZ',
  date: '2019-11-08',
  known: false,
  evidence: { alias: 'Velayati', sentence: 'Argentina asked Azerbaijan to arrest Velayati.', cues: ['asked', 'arrest'], dateAnchor: 'on Friday -> 2019-11-08' },
  ...over,
});

const source: EventSource = {
  link: 'https://news.example/2019/11/10/baku',
  title: 'Argentina asks Baku to detain Velayati',
  feedId: 'demo',
  published: '2019-11-10T15:00:00.000Z',
  sentence: 'Argentina asked Azerbaijan to arrest Velayati.',
};

describe('formatAlert', () => {
  it('names who, what and where in an ASCII subject under 100 characters', () => {
    const alert = formatAlert(event(), source, record);
    expect(alert.subject).toBe('[AMIA] Ali Akbar Velayati: arrest requested from Azerbaijan (AZ)');
    expect(alert.subject.length).toBeLessThan(100);
    expect(alert.subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('carries the filterable attributes: case, accused id, event type and country', () => {
    expect(formatAlert(event(), source, record).attributes).toEqual({ caseId: 'amia-1994', accused: 'velayati', eventType: 'arrest_request', country: 'AZ' });
  });

  it('gives red notices the attribute country "none", since SNS refuses empty values', () => {
    const alert = formatAlert(event({ type: 'red_notice', country: null }), source, record);
    expect(alert.attributes.country).toBe('none');
    expect(alert.subject).toContain('INTERPOL red notice');
  });

  it('puts the headline, link, sentence and date anchor in the email', () => {
    const { email } = formatAlert(event(), source, record);
    expect(email).toContain('Headline: Argentina asks Baku to detain Velayati');
    expect(email).toContain('Link:     https://news.example/2019/11/10/baku');
    expect(email).toContain('"Argentina asked Azerbaijan to arrest Velayati."');
    expect(email).toContain('2019-11-08 (on Friday -> 2019-11-08)');
  });

  it('says what the record holds for this person and country, or that it holds nothing', () => {
    expect(formatAlert(event(), source, record).email).toMatch(/already holds, for Alí Akbar Velayati and Azerbaijan:\n  nothing\./);
    const russia = formatAlert(event({ country: 'RU', date: '2022-01-20' }), source, record).email;
    expect(russia).toContain('2018-07-11  arrest_request RU  detention requested from Russia');
  });

  it('keeps the SMS to one line that ends with the link', () => {
    const { sms } = formatAlert(event({ type: 'travel' }), source, record);
    expect(sms).not.toContain('\n');
    expect(sms).toBe('AMIA: Velayati travel to Azerbaijan (AZ), 2019-11-08. https://news.example/2019/11/10/baku');
  });
});

describe('toSnsSubject', () => {
  it('folds accents and typographic quotes to ASCII', () => {
    expect(toSnsSubject('Alí Akbar Velayatí “en Bakú” – Moscú')).toBe('Ali Akbar Velayati "en Baku" - Moscu');
  });

  it('drops line breaks and characters with no ASCII form', () => {
    expect(toSnsSubject('line one\nline two ولایتی')).toBe('line one line two');
  });

  it('cuts a long subject below 100 characters and marks the cut', () => {
    const subject = toSnsSubject('x'.repeat(150));
    expect(subject.length).toBe(99);
    expect(subject.endsWith('...')).toBe(true);
  });
});
