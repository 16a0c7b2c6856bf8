import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseFileError, SEED_DIR, loadCaseFiles, parseCaseFile, recordAsOf } from '../../seed/load-case.ts';

const TODAY = '2026-03-10';

/** A small valid case; each test breaks one thing in a copy. */
function validCase(): any {
  return {
    caseId: 'test-case',
    title: 'A test case',
    contextTerms: ['AMIA'],
    accused: [
      {
        id: 'velayati',
        name: 'Ali Akbar Velayati',
        aliases: ['Alí Akbar Velayati', 'Velayeti'],
        nativeNames: ['علی‌اکبر ولایتی'],
        surnames: ['Velayati'],
        role: 'Foreign Minister',
        roleTerms: [],
        status: 'alive',
        nationality: 'IR',
        homeCountries: [],
        redNotice: false,
      },
      {
        id: 'rabbani',
        name: 'Mohsen Rabbani',
        aliases: ['Moshen Rabbani'],
        nativeNames: [],
        surnames: ['Rabbani'],
        role: 'cultural attaché',
        roleTerms: [],
        status: 'red notice',
        nationality: 'IR',
        homeCountries: [],
        redNotice: true,
        deceased: '2020-01',
      },
    ],
    namesakes: ['Hina Rabbani Khar'],
    notNames: ['velayat-e faqih'],
    events: [
      {
        date: '2019-11-08',
        datePrecision: 'day',
        accused: 'velayati',
        type: 'arrest_request',
        country: 'AZ',
        summary: "Azerbaijan's ambassador summoned",
        sourceUrl: 'https://example.org/az',
      },
      {
        date: '2017-05',
        datePrecision: 'month',
        accused: 'rabbani',
        type: 'red_notice',
        country: null,
        summary: 'red notices renewed',
        sourceUrl: 'https://example.org/rn',
      },
    ],
  };
}

/** The message parseCaseFile throws for a broken copy of the valid case. */
function rejection(edit: (c: any) => void): string {
  const c = validCase();
  edit(c);
  try {
    parseCaseFile(JSON.stringify(c), 'seed/x.json', { today: TODAY });
  } catch (err) {
    expect(err).toBeInstanceOf(CaseFileError);
    return (err as Error).message;
  }
  throw new Error('the case file was accepted');
}

describe('parseCaseFile', () => {
  it('accepts a valid case and gives each event its id, case and seed origin', () => {
    const record = parseCaseFile(JSON.stringify(validCase()), 'seed/x.json', { today: TODAY });
    expect(record.events.map((e) => e.id)).toEqual(['2019-11-08#velayati#arrest_request#AZ', '2017-05#rabbani#red_notice#-']);
    expect(record.events.every((e) => e.caseId === 'test-case' && e.origin === 'seed')).toBe(true);
  });

  it('names the file, the path and the problem when a value has the wrong type', () => {
    expect(rejection((c) => (c.accused[1].aliases[0] = 5))).toBe('seed/x.json: accused[1].aliases[0]: expected a string');
  });

  it('says which required field is missing', () => {
    expect(rejection((c) => delete c.events[0].summary)).toBe('seed/x.json: events[0].summary: missing (expected a string)');
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseCaseFile('{"caseId": ', 'seed/x.json')).toThrow(/^seed\/x\.json: not valid JSON/);
  });

  it('refuses an event of an accused the case does not list', () => {
    expect(rejection((c) => (c.events[0].accused = 'velayatti'))).toBe("seed/x.json: events[0].accused: unknown accused 'velayatti' (not an id in accused[])");
  });

  it.each([
    ['UK', "'UK' is not an ISO 3166-1 alpha-2 country code"],
    ['az', "'az' is not an ISO 3166-1 alpha-2 country code"],
    ['AZE', "'AZE' is not an ISO 3166-1 alpha-2 country code"],
    ['XX', "'XX' is not an ISO 3166-1 alpha-2 country code"],
  ])('refuses the country code %s', (code, message) => {
    expect(rejection((c) => (c.events[0].country = code))).toBe(`seed/x.json: events[0].country: ${message}`);
  });

  it('checks country codes of the accused too', () => {
    expect(rejection((c) => (c.accused[0].homeCountries = ['LB', 'Lebanon']))).toBe(
      "seed/x.json: accused[0].homeCountries[1]: 'Lebanon' is not an ISO 3166-1 alpha-2 country code",
    );
  });

  it('refuses a date after the injected today, by day and by month', () => {
    expect(rejection((c) => (c.events[0].date = '2026-03-11'))).toBe("seed/x.json: events[0].date: '2026-03-11' is in the future (today is 2026-03-10)");
    expect(rejection((c) => (c.events[1].date = '2026-04'))).toBe("seed/x.json: events[1].date: '2026-04' is in the future (today is 2026-03-10)");
    expect(rejection((c) => (c.accused[1].deceased = '2027-01-01'))).toMatch(/accused\[1\]\.deceased: '2027-01-01' is in the future/);
  });

  it('accepts today and the current month', () => {
    const c = validCase();
    c.events[0].date = TODAY;
    c.events[1].date = TODAY.slice(0, 7);
    expect(() => parseCaseFile(JSON.stringify(c), 'seed/x.json', { today: TODAY })).not.toThrow();
  });

  it.each(['2019-02-30', '2019-13', '2019-11-8', '19-11-08', '2019/11/08', '2019'])('refuses the malformed date %s', (date) => {
    expect(rejection((c) => (c.events[0].date = date))).toBe(`seed/x.json: events[0].date: '${date}' is not a date (expected YYYY-MM-DD or YYYY-MM)`);
  });

  it('refuses a precision that does not match the date', () => {
    expect(rejection((c) => (c.events[1].datePrecision = 'day'))).toBe("seed/x.json: events[1].datePrecision: 'day' does not match date '2017-05' (precision month)");
  });

  it('refuses a duplicate event, same date, accused, type and country', () => {
    expect(rejection((c) => c.events.push({ ...c.events[0], summary: 'again' }))).toBe(
      'seed/x.json: events[2]: duplicate event 2019-11-08#velayati#arrest_request#AZ (same as events[0])',
    );
  });

  it('refuses a red notice with a country and any other event without one', () => {
    expect(rejection((c) => (c.events[1].country = 'FR'))).toBe("seed/x.json: events[1].country: a red_notice event has no country (use null, not 'FR')");
    expect(rejection((c) => (c.events[0].country = null))).toBe('seed/x.json: events[0].country: an event of type arrest_request needs a country');
  });

  it('refuses two accused with the same id', () => {
    expect(rejection((c) => (c.accused[1].id = 'velayati'))).toMatch(/^seed\/x\.json: accused\[1\]\.id: duplicate accused id 'velayati' \(also accused\[0\]\)/);
  });

  it('refuses a namesake that is also a name of an accused, ignoring case and accents', () => {
    expect(rejection((c) => c.namesakes.push('ali akbar velayati'))).toBe(
      "seed/x.json: namesakes[1]: 'ali akbar velayati' is a name of accused 'velayati'; a namesake cannot also be his name",
    );
    expect(rejection((c) => c.namesakes.push('VELAYETI'))).toMatch(/namesakes\[1\]: 'VELAYETI' is a name of accused 'velayati'/);
  });

  it('refuses an unknown event type, a misspelt event field and a source that is not a web address', () => {
    expect(rejection((c) => (c.events[0].type = 'visit'))).toBe(
      'seed/x.json: events[0].type: expected one of travel, arrest_request, detention, extradition, red_notice',
    );
    expect(rejection((c) => (c.events[0].sourceURL = 'https://example.org'))).toBe("seed/x.json: events[0]: unknown field 'sourceURL'");
    expect(rejection((c) => (c.events[0].sourceUrl = 'ftp://example.org/x'))).toBe('seed/x.json: events[0].sourceUrl: expected an http(s) URL');
  });

  it('refuses ids that cannot be part of a table key', () => {
    expect(rejection((c) => (c.caseId = 'amia#1994'))).toMatch(/^seed\/x\.json: caseId: expected lower-case letters/);
  });

  it('lists the first three problems and counts the rest', () => {
    const message = rejection((c) => {
      for (const e of c.events) e.summary = '';
      c.accused[0].name = 7;
      c.accused[1].nationality = 'Iran';
    });
    expect(message.split('; ')).toHaveLength(3);
    expect(message).toMatch(/\(and 1 more\)$/);
  });
});

describe('the shipped case record', () => {
  it('validates and holds the 15 accused and 61 events of the AMIA case, each with a source and a precision', async () => {
    const [amia, ...others] = await loadCaseFiles(SEED_DIR);
    expect(others).toEqual([]);
    expect(amia!.caseId).toBe('amia-1994');
    expect(amia!.accused).toHaveLength(15);
    expect(amia!.events).toHaveLength(61);
    expect(amia!.events.every((e) => e.sourceUrl?.startsWith('http') && e.datePrecision)).toBe(true);
    const velayati = amia!.events.filter((e) => e.accused === 'velayati');
    expect(velayati).toHaveLength(14);
    expect(velayati.map((e) => e.id)).toContain('2019-11-08#velayati#arrest_request#AZ');
  });

  it('keeps the layout the project writes it in (two-space JSON, no escaped Unicode)', async () => {
    const text = await readFile(join(SEED_DIR, 'amia-1994.json'), 'utf8');
    expect(JSON.stringify(JSON.parse(text), null, 2)).toBe(text);
  });
});

describe('loadCaseFiles', () => {
  it('takes a second case from a second file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'casewatch-cases-'));
    const other = { ...validCase(), caseId: 'embassy-1992' };
    await writeFile(join(dir, 'a.json'), JSON.stringify(validCase()));
    await writeFile(join(dir, 'b.json'), JSON.stringify(other));
    const cases = await loadCaseFiles(dir, { today: TODAY });
    expect(cases.map((c) => c.caseId)).toEqual(['test-case', 'embassy-1992']);
  });

  it('refuses two files that define the same case', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'casewatch-cases-'));
    await writeFile(join(dir, 'a.json'), JSON.stringify(validCase()));
    await writeFile(join(dir, 'b.json'), JSON.stringify(validCase()));
    await expect(loadCaseFiles(dir, { today: TODAY })).rejects.toThrow(/b\.json: caseId: case 'test-case' is already defined in .*a\.json/);
  });
});

describe('recordAsOf', () => {
  it('keeps only events dated before the day, a month counting as its first day', () => {
    const record = parseCaseFile(JSON.stringify(validCase()), 'seed/x.json', { today: TODAY });
    expect(recordAsOf(record, '2019-11-08').events.map((e) => e.date)).toEqual(['2017-05']);
    expect(recordAsOf(record, '2017-05-01').events).toEqual([]);
    expect(recordAsOf(record, '2017-05-02').events.map((e) => e.date)).toEqual(['2017-05']);
  });
});
