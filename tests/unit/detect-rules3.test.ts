import { describe, expect, it } from 'vitest';
import { detectEvents } from '../../lambdas/domain/detect.ts';
import { item, RECORD, tuples } from './detect-fixture.ts';

const run = (title: string, text: string, day: string, asOf = day) => tuples(detectEvents(item(title, text, day), RECORD, asOf));

describe('detectEvents: a trip implied by a return or a departure', () => {
  it.each([
    ['Ali Akbar Velayati held talks with Taliban ministers before he flew home from Kabul on Sunday.', 'AF'],
    ['Ali Akbar Velayati returned to the Iranian capital from Yerevan after two days of meetings.', 'AM'],
    ['Ali Akbar Velayati regresó a Teherán desde Beirut tras reunirse con dirigentes de Hezbollah.', 'LB'],
    ['Ali Akbar Velayati volvió de Damasco el martes, informó la televisión estatal.', 'SY'],
  ])('reads "%s" as travel to the place he left', (text, code) => {
    expect(run('Velayati', text, '2026-05-12', '2026-05-01')).toEqual([`velayati travel ${code} new`]);
  });

  it('does not make his home country or the place he flew to the destination of a return', () => {
    expect(run('Rezaei', 'Mohsen Rezaei flew back to Tehran from Moscow on Friday.', '2026-05-12', '2026-05-01')).toEqual(['rezaei travel RU new']);
  });

  it('refuses a return that did not happen', () => {
    expect(run('Velayati', 'Ali Akbar Velayati never returned from Beirut, his office denied rumours.', '2026-05-12', '2026-05-01')).toEqual([]);
  });
});

describe('detectEvents: a request named only as a noun, where the sentence places him', () => {
  it('reads "despite Argentina\'s arrest request" as a request to the country of his trip in that sentence', () => {
    const text = 'Mohsen Rezaei, who landed in Caracas on Monday, stayed for the oil conference despite Argentina\'s arrest request.';
    expect(run('Rezaei', text, '2026-06-02', '2026-05-01')).toEqual(['rezaei arrest_request VE new', 'rezaei travel VE new']);
  });

  it('reads "pese al pedido argentino de detención" the same way in Spanish', () => {
    const text = 'Ahmad Vahidi, que llegó el lunes a La Habana, encabezó la delegación iraní pese al pedido argentino de detención.';
    expect(run('Vahidi', text, '2026-06-02', '2026-05-01')).toEqual(['vahidi arrest_request CU new', 'vahidi travel CU new']);
  });

  it('gives no country to such a request when the sentence reports no trip', () => {
    const text = 'Mohsen Rezaei was promoted despite Argentina\'s arrest request, officials in Caracas noted.';
    expect(run('Rezaei', text, '2026-06-02', '2026-05-01')).toEqual([]);
  });
});

describe('detectEvents: an extradition barred by law or replaced by a trial at home', () => {
  it('reads "the constitution bars the extradition of" as an extradition decision of the country named', () => {
    const text = 'Brazilian officials said the country\'s constitution bars the extradition of Farouk Omairi to Argentina.';
    expect(run('Omairi', text, '2026-06-02', '2026-05-01')).toEqual(['omairi extradition BR new']);
  });

  it('reads a proposal that he stand trial at home instead as the extradition decision of that country', () => {
    const text = 'Paraguay proposed that Hussein Mounir Mouzannar stand trial in Asunción instead, prosecutors said.';
    expect(run('Mouzannar', text, '2026-06-02', '2026-05-01')).toEqual(['mouzannar extradition PY new']);
  });

  it('reads "la Constitución prohíbe extraditar" in Spanish', () => {
    const text = 'El gobierno de Brasil informó que su Constitución prohíbe extraditar a Farouk Omairi, acusado por el atentado contra la AMIA.';
    expect(run('Omairi', text, '2026-06-02', '2026-05-01')).toEqual(['omairi extradition BR new']);
  });
});

describe('detectEvents: touring and sitting among the guests are travel', () => {
  it('reads "toured both countries" as a trip to each country the sentence named', () => {
    const text = 'In May Ali Akbar Velayati toured both countries, Oman and Qatar, meeting officials.';
    expect(run('Velayati', text, '2026-06-02', '2026-05-01')).toEqual(['velayati travel OM new', 'velayati travel QA new']);
  });

  it('reads "sat among foreign guests at the inauguration in Managua" as travel to Nicaragua', () => {
    const text = 'Mohsen Rezaei sat among foreign guests at the inauguration in Managua.';
    expect(run('Rezaei', text, '2026-06-02', '2026-05-01')).toEqual(['rezaei travel NI new']);
  });
});

describe('detectEvents: where he comes from is not a trip', () => {
  it('does not read "came from" without "back" or "home" as travel', () => {
    const text = 'Hussein Mounir Mouzannar, who came from Brazil as a young man, runs a shop in Ciudad del Este.';
    expect(run('Mouzannar', text, '2026-06-02', '2026-05-01')).toEqual([]);
  });
});

describe('detectEvents: more ways to say a return or a refused extradition', () => {
  it('reads a return with a day between the verb and the places ("regresó el lunes a Teherán procedente de Moscú")', () => {
    expect(run('Velayati', 'Ali Akbar Velayati regresó el lunes a Teherán procedente de Moscú.', '2026-05-12', '2026-05-01')).toEqual(['velayati travel RU new']);
  });

  it('reads "sea juzgado en Paraguay en lugar de extraditarlo" as Paraguay\'s extradition decision', () => {
    const text = 'El gobierno paraguayo ofreció que Hussein Mounir Mouzannar sea juzgado en Paraguay en lugar de extraditarlo.';
    expect(run('Mouzannar', text, '2026-06-02', '2026-05-01')).toEqual(['mouzannar extradition PY new']);
  });

  it('reads "cannot be extradited" as the extradition decision of the country that says so', () => {
    const text = 'Brazil says Farouk Omairi cannot be extradited to Argentina.';
    expect(run('Omairi', text, '2026-06-02', '2026-05-01')).toEqual(['omairi extradition BR new']);
  });
});

describe('detectEvents: a flight from one place to another', () => {
  it('reads "flew from Tehran to Caracas" as travel to the place after "to", not the one after "from"', () => {
    expect(run('Vahidi', 'Ahmad Vahidi flew from Tehran to Caracas on Monday.', '2026-06-02', '2026-05-01')).toEqual(['vahidi travel VE new']);
  });
});

describe('detectEvents: "a pesar de la solicitud argentina de arresto"', () => {
  it('reads a feminine noun-phrase request before the trip as a request to the country he went to', () => {
    const text = 'A pesar de la solicitud argentina de arresto, Ahmad Vahidi viajó a Minsk.';
    expect(run('Vahidi', text, '2026-06-02', '2026-05-01')).toEqual(['vahidi arrest_request BY new', 'vahidi travel BY new']);
  });
});
