import { describe, expect, it } from 'vitest';
import { detectEvents } from '../../lambdas/domain/detect.ts';
import { item, RECORD, tuples } from './detect-fixture.ts';

const run = (title: string, text: string, day: string, asOf = day) => tuples(detectEvents(item(title, text, day), RECORD, asOf));

describe('detectEvents: what and where', () => {
  it('reads "Argentina asked Azerbaijan to arrest Velayati" as a request to AZ, not travel to Argentina', () => {
    expect(run('Request', 'Argentina asked Azerbaijan to arrest Ali Akbar Velayati.', '2023-05-02')).toEqual(['velayati arrest_request AZ new']);
  });

  it('makes a request to two countries two events', () => {
    expect(run('Request', 'A judge asked Thailand and Vietnam to detain Ali Akbar Velayati.', '2023-05-02')).toEqual([
      'velayati arrest_request TH new',
      'velayati arrest_request VN new',
    ]);
  });

  it('reads a Spanish request and the trip it follows', () => {
    expect(run('Pedido', 'Mohsen Rezai viajó a Doha. La Cancillería le pidió a Qatar su detención.', '2023-05-02')).toEqual([
      'rezaei arrest_request QA new',
      'rezaei travel QA new',
    ]);
  });

  it('gives a request without a country the country of the trip it accompanies', () => {
    expect(run('Request', 'Ali Akbar Velayati is in Caracas for a forum, and an Argentine judge requested his arrest.', '2023-05-02')).toEqual([
      'velayati arrest_request VE new',
      'velayati travel VE new',
    ]);
  });

  it('does not make a state an event', () => {
    expect(run('Appointment', 'Ahmad Vahidi, who is wanted by Interpol over the AMIA bombing and faces a red notice, was named minister.', '2023-05-02')).toEqual([]);
    expect(run('Nombramiento', 'Ahmad Vahidi, con alerta roja de Interpol, tiene pedido de captura por el atentado a la AMIA.', '2023-05-02')).toEqual([]);
  });

  it('records a renewed red notice without a country', () => {
    expect(run('Notices', 'A judge renewed the Interpol red notice against Ahmad Vahidi over the AMIA bombing.', '2023-05-02')).toEqual([
      'vahidi red_notice - new',
    ]);
  });

  it('does not let a deceased accused travel after his death', () => {
    expect(run('Visit', 'Akbar Hashemi Rafsanjani arrived in Beirut, Argentina said.', '2020-03-03')).toEqual([]);
  });

  it('still reports a trip a deceased accused made before his death', () => {
    expect(run('Obituary', 'In 2008 Akbar Hashemi Rafsanjani travelled to Mecca while Argentina sought his arrest.', '2017-01-09')).toEqual([
      'rafsanjani arrest_request SA new',
      'rafsanjani travel SA new',
    ]);
  });

  it('does not treat a refused arrest as a detention', () => {
    expect(run('Trip', 'Ahmad Vahidi arrived in Islamabad on Sunday and was not detained, Argentina complained.', '2023-05-02')).toEqual([
      'vahidi travel PK new',
    ]);
  });

  it('reads a detention and an extradition refusal in their countries', () => {
    expect(run('Held', 'Samuel Salman El Reda was arrested in Paris on an Argentine warrant.', '2023-05-02')).toEqual(['salman detention FR new']);
    expect(run('Ruling', 'The French government refused to extradite Samuel Salman El Reda to Argentina.', '2023-05-02')).toEqual([
      'salman extradition FR new',
    ]);
  });

  it('lets "both" stand for every accused the item named', () => {
    expect(
      run('Trip', 'Ali Akbar Velayati and Mohsen Rezaei attended a forum in Minsk. Argentina asked Belarus to arrest both men.', '2023-05-02'),
    ).toEqual(['rezaei arrest_request BY new', 'rezaei travel BY new', 'velayati arrest_request BY new', 'velayati travel BY new']);
  });
});

describe('detectEvents: when, and is it known', () => {
  it('marks a recounted request known when the record holds it', () => {
    expect(run('Background', 'In 2016 Argentina asked Malaysia to detain Ali Akbar Velayati.', '2020-06-01')).toEqual([
      'velayati arrest_request MY known',
    ]);
  });

  it('resolves "two years later" from the year given before it', () => {
    const events = detectEvents(
      item('Background', 'In 2016 Argentina asked Iraq to extradite Ali Akbar Velayati. Two years later another request was made to Russia.', '2020-06-01'),
      RECORD,
      '2020-06-01',
    );
    const ru = events.find((e) => e.country === 'RU')!;
    expect(ru.date).toBe('2018');
    expect(ru.known).toBe(true);
    expect(ru.knownEventId).toBe('2018-07-11#velayati#arrest_request#RU');
  });

  it('dates "on Friday" to the last Friday up to publication', () => {
    // 2023-05-07 is a Sunday.
    const [ev] = detectEvents(item('Trip', 'Ali Akbar Velayati arrived in Minsk on Friday, Argentina said.', '2023-05-07'), RECORD, '2023-05-07');
    expect(ev!.date).toBe('2023-05-05');
  });

  it('alerts a new trip to a country the record saw years before', () => {
    expect(run('Trip', 'Mohsen Rezaei arrived in Managua on Monday, Argentina said.', '2024-03-05')).toEqual(['rezaei travel NI new']);
  });

  it('matches an undated event recounted as past to the record whatever its date', () => {
    expect(run('Background', 'Months after Mohsen Rezaei turned up in Managua, Argentina is still protesting.', '2022-09-01')).toEqual([
      'rezaei travel NI known',
    ]);
  });

  it('does not count record events dated on or after the as-of day', () => {
    expect(run('Request', 'Argentina asked Russia to arrest Ali Akbar Velayati.', '2018-07-12', '2018-07-11')).toEqual([
      'velayati arrest_request RU new',
    ]);
  });
});

describe('detectEvents: whose pronoun, which place', () => {
  it('does not give the accused a trip another named person made "with his" delegation', () => {
    expect(run('Tour', 'Ahmad Vahidi stayed in Tehran, Argentina noted. President Raisi arrived in Colombo with his wife on Wednesday.', '2024-04-25')).toEqual([]);
  });

  it('gives a companion the trip of the person he travels with', () => {
    expect(
      run('Tour', 'President Raisi arrived in Lahore on Monday. Ahmad Vahidi, wanted by Argentina, is travelling with the president.', '2024-04-23'),
    ).toEqual(['vahidi travel PK new']);
  });

  it('takes the deciding country of an extradition from before the cue', () => {
    expect(run('Ruling', 'Samuel Salman El Reda, held on an Argentine warrant, walked free after France refused to extradite him to Argentina, reporters in Madrid said.', '2023-05-02')).toContain(
      'salman extradition FR new',
    );
  });

  it('does not make the city a visitor came from his destination', () => {
    expect(run('Request', "Argentina's ambassador asked the Chinese authorities to arrest Ali Akbar Velayati, who arrived from Moscow.", '2023-05-02')).toEqual([
      'velayati arrest_request CN new',
      'velayati travel CN new',
    ]);
  });

  it('repeats a request for an elliptic clause', () => {
    expect(run('Pedidos', 'En 2016 la Justicia pidió el arresto de Alí Akbar Velayati a Malasia, y en 2018 a Rusia.', '2020-06-01')).toEqual([
      'velayati arrest_request MY known',
      'velayati arrest_request RU known',
    ]);
  });
});

describe('detectEvents: who travels, what was asked', () => {
  it('does not make an accused travel when another named person is the traveller', () => {
    expect(run('Trip', 'Prosecutor Sebastián Basso travelled to Paraguay to discuss the AMIA case against Mohsen Rabbani with judges.', '2023-07-05')).toEqual([]);
  });

  it('keeps a host\'s verb as the accused\'s trip', () => {
    expect(run('Visit', 'President Vladimir Putin received Ali Akbar Velayati in Moscow, ignoring Argentina.', '2023-07-05')).toEqual(['velayati travel RU new']);
  });

  it('reads a request told from its object ("whose arrest Argentina had requested")', () => {
    expect(run('Summit', 'The summit in Minsk opened without Ali Akbar Velayati, whose arrest Argentina had requested from Belarus.', '2023-07-05')).toEqual([
      'velayati arrest_request BY new',
    ]);
  });
});

describe('detectEvents: requests about someone else', () => {
  it('does not give the item\'s accused a request whose object is another person', () => {
    expect(
      run('Pedidos', 'Alí Akbar Velayati sigue prófugo por la AMIA. El fiscal reclamó además a Rusia la captura del líder supremo iraní, Alí Jamenei.', '2025-04-09'),
    ).toEqual([]);
  });
});

describe('detectEvents: demonyms', () => {
  it('does not send the accused to the country of the officials he met at home', () => {
    expect(run('Talks', 'Ali Akbar Velayati met Iraqi officials in Tehran on Monday, Argentina noted.', '2023-07-05')).toEqual([]);
  });

  it('takes a demonym with an institution as the country asked', () => {
    expect(run('Request', 'Argentina asked the Iraqi authorities to detain Ali Akbar Velayati, who is in Baghdad.', '2023-07-05')).toEqual([
      'velayati arrest_request IQ new',
      'velayati travel IQ new',
    ]);
  });
});

describe('detectEvents: one sentence, two happenings of the same kind', () => {
  it('reports a renewal as new even when the sentence recalls the notice\'s first issue', () => {
    const record = { ...RECORD, events: [...RECORD.events, { ...RECORD.events[0]!, id: 'rn', date: '2007-11-07', accused: 'vahidi', type: 'red_notice' as const, country: null }] };
    const events = detectEvents(
      item('Notices', 'The Interpol red notice for Ahmad Vahidi, first issued in 2007 at Argentina\'s request, was renewed until 2027.', '2022-05-31'),
      record,
      '2022-05-31',
    );
    expect(events.map((e) => `${e.type} ${e.date} ${e.known}`).sort()).toEqual(['red_notice 2007 true', 'red_notice 2022-05-31 false']);
  });
});

describe('detectEvents: red notice actions', () => {
  it('does not take an action on something else for one on the notice', () => {
    expect(run('Appointment', 'Ahmad Vahidi, who has an Interpol red notice, was appointed minister, and Argentina rejected the appointment.', '2023-07-05')).toEqual([]);
  });
});
