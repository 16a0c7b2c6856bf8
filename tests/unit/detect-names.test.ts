import { describe, expect, it } from 'vitest';
import { detectEvents } from '../../lambdas/domain/detect.ts';
import { item, RECORD, tuples } from './detect-fixture.ts';

const AS_OF = '2024-01-01';
const run = (title: string, text: string, day = '2023-12-20') => tuples(detectEvents(item(title, text, day), RECORD, AS_OF));

describe('detectEvents: who', () => {
  it('refuses a namesake the record lists', () => {
    expect(run('Hina Rabbani Khar in Kabul', 'Pakistan\'s Hina Rabbani Khar arrived in Kabul for talks, Argentina\'s press noted.')).toEqual([]);
  });

  it('refuses a surname that follows another person\'s given name', () => {
    expect(run('Wrestling', 'Karim Rezaei arrived in Doha for a tournament, an Argentine paper said.')).toEqual([]);
  });

  it('does not take the word before a full name for a stranger\'s given name', () => {
    expect(run('Viaje', 'El comandante de la Fuerza Quds Ahmad Vahidi llegó a Caracas el lunes.')).toEqual(['vahidi travel VE new']);
  });

  it('accepts the same surname alone when the item ties it to the case', () => {
    expect(run('AMIA suspect abroad', 'Rezaei arrived in Doha on Tuesday, Argentina said.')).toEqual(['rezaei travel QA new']);
  });

  it('ignores a bare surname when nothing in the item ties it to the case', () => {
    expect(run('Talks', 'Rezaei arrived in Doha on Tuesday.')).toEqual([]);
  });

  it('matches a Persian-script name written with Arabic letter variants and without the zero-width joiner', () => {
    // Arabic yeh (ي) and kaf (ك) instead of Persian ی and ک, and a plain space for the joiner.
    expect(run('ولايتي', 'علي اكبر ولايتي arrived in Moscow on Monday.')).toEqual(['velayati travel RU new']);
  });

  it('does not read a doctrine that contains the name as the accused', () => {
    expect(run('Doctrine', 'The AMIA-era cleric defended velayat-e faqih on a visit to Beirut.')).toEqual([]);
  });

  it('follows a role phrase from the record to its accused', () => {
    expect(run('Viaje', 'El ex canciller iraní llegó a Moscú, informó la Cancillería argentina.')).toEqual(['velayati travel RU new']);
  });
});

describe('detectEvents: names need capitals', () => {
  it('does not read a lower-case phrase as a name', () => {
    const record = { ...RECORD, accused: [...RECORD.accused, { ...RECORD.accused[0]!, id: 'alto', name: 'Hassan Alto', aliases: ['El Alto'], nativeNames: [], surnames: [], roleTerms: [] }] };
    const events = detectEvents(item('Fallo', 'El alto tribunal argentino viajó a Brasilia, según la AMIA.', '2023-05-02'), record, '2024-01-01');
    expect(events.filter((e) => e.accused === 'alto')).toEqual([]);
  });
});

describe('detectEvents: headline word order', () => {
  it('reads a Spanish headline that opens with the verb', () => {
    expect(run('Llegó Rezai a Doha', 'El viaje fue criticado por la Argentina.')).toEqual(['rezaei travel QA new']);
  });
});

describe('detectEvents: aliases that are places', () => {
  it('does not read a city that is also an alias as the accused', async () => {
    const { loadCaseFiles, recordAsOf } = await import('../../seed/load-case.ts');
    const record = recordAsOf((await loadCaseFiles()).find((r) => r.caseId === 'amia-1994')!, '2024-05-10');
    const events = detectEvents(item('Viaje', 'Ahmad Vahidi aterrizó en el aeropuerto de El Alto, en Bolivia, informó la Argentina.', '2024-05-10'), record, '2024-05-10');
    expect(tuples(events)).toEqual(['vahidi travel BO new']);
  });
});
