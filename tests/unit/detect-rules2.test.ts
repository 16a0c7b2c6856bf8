import { describe, expect, it } from 'vitest';
import { detectEvents } from '../../lambdas/domain/detect.ts';
import { item, RECORD, tuples } from './detect-fixture.ts';

const run = (title: string, text: string, day: string, asOf = day) => tuples(detectEvents(item(title, text, day), RECORD, asOf));
const dated = (title: string, text: string, day: string) =>
  detectEvents(item(title, text, day), RECORD, day).map((e) => `${e.accused} ${e.type} ${e.country ?? '-'} ${e.date}`).sort();

describe('detectEvents: negated and avoided arrests', () => {
  it.each([
    'Ahmad Vahidi pasó tres días en Islamabad y nadie lo detuvo.',
    'Ahmad Vahidi pasó tres días en Islamabad y no fue detenido.',
    'Ahmad Vahidi pasó tres días en Islamabad sin ser arrestado.',
    'Ahmad Vahidi pasó tres días en Islamabad y evitó ser detenido.',
    'Ahmad Vahidi spent three days in Islamabad without being arrested.',
    'Ahmad Vahidi, who spent three days in Islamabad, was never arrested.',
    'Ahmad Vahidi spent three days in Islamabad and escaped arrest.',
  ])('reports the trip but no detention in "%s"', (text) => {
    expect(run('Viaje', text, '2023-03-20')).toEqual(['vahidi travel PK new']);
  });
});

describe('detectEvents: who a pronoun is', () => {
  it('gives a pronoun to the accused its own sentence names, not to the previous sentence\'s focus', () => {
    const text = 'En abril, Ahmad Vahidi visitó Islamabad. En 2022, Mohsen Rezai visitó Doha y el Gobierno pidió a Qatar que lo detenga.';
    expect(run('Los viajes', text, '2024-07-18')).toEqual(['rezaei arrest_request QA new', 'rezaei travel QA new', 'vahidi travel PK new']);
  });

  it('does not give "he" to a companion named before it', () => {
    const text = 'Mohsen Rezai is back. In 2008 he went to Mecca with Akbar Hashemi Rafsanjani, and last year Argentina asked Russia to arrest him.';
    expect(run('Profile', text, '2023-06-13')).toEqual(['rafsanjani travel SA new', 'rezaei arrest_request RU new', 'rezaei travel SA new']);
  });
});

describe('detectEvents: red notices asked of and refused by INTERPOL', () => {
  it('makes a request to INTERPOL for the capture of several accused a red-notice event for each', () => {
    expect(run('Captura', 'El juez pidió a Interpol la captura internacional de Hussein Mouzannar, Farouk Omairi y Abdallah Salman.', '2023-06-16')).toEqual([
      'abdallah-salman red_notice - new',
      'mouzannar red_notice - new',
      'omairi red_notice - new',
    ]);
    expect(run('Orders', 'The court sent the capture orders for Hussein Mouzannar and Farouk Omairi to Interpol.', '2023-06-16')).toEqual([
      'mouzannar red_notice - new',
      'omairi red_notice - new',
    ]);
  });

  it('counts a notice INTERPOL refused as a red-notice event', () => {
    expect(run('Interpol', 'Interpol denegó la notificación roja contra Ahmad Vahidi.', '2023-06-16')).toEqual(['vahidi red_notice - new']);
  });

  it('does not read a notice described as already issued as an event', () => {
    expect(run('Arrest', 'Farouk Omairi was arrested in Lima on an Interpol red notice issued at Argentina\'s request.', '2026-09-12')).toEqual([
      'omairi detention PE new',
    ]);
    expect(run('Post', 'Ahmad Vahidi, wanted under an Interpol red notice issued in 2007, was appointed to a new post.', '2026-09-12')).toEqual([]);
  });
});

describe('detectEvents: host-country court orders', () => {
  it('reads a Paraguayan court\'s detention order for extradition as a request to PY for each accused, "ayer" being the day before', () => {
    const text = 'La jueza dispuso ayer la detención con fines de extradición de Hussein Mouzannar y Farouk Omairi, a pedido de la Argentina.';
    expect(dated('Justicia paraguaya ordena la captura de dos libaneses', text, '2023-06-23')).toEqual([
      'mouzannar arrest_request PY 2023-06-22',
      'omairi arrest_request PY 2023-06-22',
    ]);
  });

  it('does not make an Argentine judge\'s order a request to a country', () => {
    expect(run('Orden', 'El juez argentino ordenó la detención de Hussein Mouzannar.', '2023-06-23')).toEqual([]);
  });
});

describe('detectEvents: extradition decisions', () => {
  it('reads a refusal to hand him over, with a trial at home offered, as an extradition decision of that country', () => {
    expect(run('Brazil', 'Brazil refused to hand over Farouk Omairi and offered to try him in Brazilian courts instead.', '2026-04-14')).toEqual([
      'omairi extradition BR new',
    ]);
    expect(run('Brasil', 'Brasil rechazó entregar a Farouk Omairi y ofreció juzgarlo en sus tribunales.', '2026-04-14')).toEqual(['omairi extradition BR new']);
  });

  it('does not also make the refused request a request', () => {
    expect(run('Brazil', 'Brazil rejected Argentina\'s request to extradite Farouk Omairi.', '2026-04-14')).toEqual(['omairi extradition BR new']);
  });
});

describe('detectEvents: the accused\'s own country', () => {
  it('reports a Lebanese accused detained in Lebanon, named by his alias, and not his namesake', () => {
    expect(run('Beirut', 'Lebanon\'s security forces arrested Abdallah Salman, also known as José El Reda, on Monday.', '2026-05-12')).toEqual([
      'abdallah-salman detention LB new',
    ]);
  });

  it('reports a request to the accused\'s own country', () => {
    expect(run('Request', 'Argentina asked Lebanon to detain Hussein Mouzannar.', '2023-06-16')).toEqual(['mouzannar arrest_request LB new']);
  });
});

describe('detectEvents: known events with coarse dates', () => {
  it('finds a November record event for a year-only anchor', () => {
    expect(run('Omairi', 'El año pasado, Brasil rechazó extraditar a Farouk Omairi.', '2024-01-15', '2024-01-01')).toEqual(['omairi extradition BR known']);
    expect(run('Omairi', 'Brazil declined that year to extradite Farouk Omairi.', '2023-12-20', '2024-01-01')).toEqual(['omairi extradition BR known']);
  });
});

describe('detectEvents: places named by anaphora', () => {
  it('reads "in that country" and "ese país" as the last country named', () => {
    expect(run('Note', 'Argentina sent a diplomatic note to Bolivia on Monday. It then asked the authorities in that country to arrest Mohsen Rabbani.', '2026-07-08')).toEqual([
      'rabbani arrest_request BO new',
    ]);
    expect(run('Nota', 'La Cancillería envió una nota a Bolivia. Luego pidió a las autoridades de ese país que detengan a Mohsen Rabbani.', '2026-07-08')).toEqual([
      'rabbani arrest_request BO new',
    ]);
  });
});

describe('detectEvents: gaps a fresh held-out set showed', () => {
  it('does not give another country\'s "former foreign minister" to the accused with that role', () => {
    expect(run('Talks', 'Pakistan\'s former foreign minister arrived in Beijing on Sunday.', '2025-09-01')).toEqual([]);
  });

  it('reads "was seen in" and "after meeting ... in" as travel', () => {
    expect(run('Seen', 'Mohsen Rabbani was seen in Beirut last week, and Argentina asked Lebanon to detain him.', '2026-02-02')).toEqual([
      'rabbani arrest_request LB new',
      'rabbani travel LB new',
    ]);
    expect(run('Trip', 'After meeting Vladimir Putin in Moscow, Ali Akbar Velayati flew to China.', '2018-07-14', '2018-07-01')).toEqual([
      'velayati travel CN new',
      'velayati travel RU new',
    ]);
  });

  it('carries the accused from a request whose subject is an institution ("La Cancillería") to the red notice coordinated with it', () => {
    const text = 'Ahmad Vahidi llegó a Islamabad. La Cancillería solicitó a Pakistán su captura, y pidió a Interpol que emita una notificación roja.';
    expect(run('Pedido', text, '2024-04-26')).toEqual(['vahidi arrest_request PK new', 'vahidi red_notice - new', 'vahidi travel PK new']);
  });

  it('reads a past-perfect Spanish request ("había solicitado") to "ese país"', () => {
    const text = 'Bolivia pidió a Ahmad Vahidi que abandone Bolivia; la Argentina había solicitado a Interpol en ese país su detención.';
    expect(run('Bolivia', text, '2011-06-02')).toEqual(['vahidi arrest_request BO new', 'vahidi travel BO new']);
  });
});

describe('detectEvents: dates in a description of the accused', () => {
  it('does not date a trip by the year inside an appositive that describes him', () => {
    expect(dated('Lima', 'Farouk Omairi, wanted under a red notice issued in 2023, visited Lima.', '2026-09-12')).toEqual(['omairi travel PE 2026-09-12']);
    expect(dated('Lima', 'In 2023, Farouk Omairi visited Lima.', '2026-09-12')).toEqual(['omairi travel PE 2023']);
  });
});

describe('detectEvents: more states and anaphora', () => {
  it('does not read "sobre quien pesaba una circular roja emitida" as a red-notice event', () => {
    expect(run('Detenido', 'La policía uruguaya arrestó en Montevideo a Hussein Mouzannar, sobre quien pesaba una circular roja emitida a pedido de la Argentina.', '2026-05-21')).toEqual([
      'mouzannar detention UY new',
    ]);
  });

  it('does not take Argentina, the country asking, for "there"', () => {
    expect(run('Sri Lanka', 'Raisi went to Sri Lanka on Wednesday; Argentina had asked the authorities there to arrest Ahmad Vahidi.', '2024-04-24')).toEqual([
      'vahidi arrest_request LK new',
    ]);
  });
});

describe('detectEvents: gaps a second fresh held-out set showed', () => {
  it('reads "would not act on Argentina\'s request to detain him" as a request, but not "at Argentina\'s request,"', () => {
    expect(run('Iraq', 'Iraqi officials said they would not act on Argentina\'s request to detain Ahmad Vahidi.', '2026-10-16')).toEqual([
      'vahidi arrest_request IQ new',
    ]);
    expect(run('Lima', 'Farouk Omairi, detained in Lima at Argentina\'s request, will stay in custody while a court weighs his extradition.', '2026-10-16')).toEqual([
      'omairi detention PE new',
    ]);
  });

  it('makes a refused extradition request the decision only, in Spanish too', () => {
    expect(run('Estambul', 'Un tribunal de Turquía rechazó el pedido argentino de extradición de Mohsen Rabbani.', '2026-11-06')).toEqual([
      'rabbani extradition TR new',
    ]);
  });

  it('reads "arrival in", "se encuentra desde el lunes en" and "on the list of participants" as travel', () => {
    expect(run('Bagdad', 'Ahmad Vahidi se encuentra desde el lunes en Bagdad.', '2026-10-14')).toEqual(['vahidi travel IQ new']);
    expect(run('Baku', 'Ali Akbar Velayati is on the list of participants at a summit in Baku.', '2019-11-15', '2019-11-10')).toEqual(['velayati travel AZ new']);
    expect(dated('Iraq', 'A day after Ahmad Vahidi\'s arrival in Baghdad, Argentina asked Iraq to arrest him.', '2026-10-15')).toEqual([
      'vahidi arrest_request IQ 2026-10-15',
      'vahidi travel IQ 2026-10-15',
    ]);
  });

  it('gives the previous clause\'s cue to a clause that only adds a name to its list', () => {
    expect(run('Notices', 'Interpol upheld red notices for several officials, among them Ahmad Vahidi, and Mohsen Rabbani.', '2007-11-08')).toEqual([
      'rabbani red_notice - new',
      'vahidi red_notice - new',
    ]);
  });
});

describe('detectEvents: rumoured trips', () => {
  it.each([
    ['AMIA: alerta a Colombia', 'La Cancillería pidió a Colombia que detenga a Mohsen Rabbani ante versiones de un viaje del clérigo a Bogotá.'],
    ['AMIA: alert to Colombia', 'Argentina asked Colombia to detain Mohsen Rabbani amid rumours of a trip by the cleric to Bogota.'],
  ])('keeps the request but reports no travel in "%s"', (title, text) => {
    expect(run(title, text, '2016-05-12')).toEqual(['rabbani arrest_request CO new']);
  });
});
