import { describe, expect, it } from 'vitest';
import { findDateAnchors, type DateContext } from '../../lambdas/domain/detect/dates.ts';

const dates = (text: string, ctx: DateContext) => findDateAnchors(text, ctx).map((a) => a.date);

describe('findDateAnchors', () => {
  it('reads "that same year" and "two years later" from the last year given', () => {
    const ctx: DateContext = { pub: '2019-11-10' };
    expect(dates('in 2016 argentina asked', ctx)).toEqual(['2016']);
    expect(dates('that same year a request', ctx)).toEqual(['2016']);
    expect(dates('two years later another request', ctx)).toEqual(['2018']);
  });

  it('counts back from the last year given ("two years earlier", "el año anterior")', () => {
    expect(dates('two years earlier', { pub: '2019-11-10', lastYear: 2018 })).toEqual(['2016']);
    expect(dates('el ano anterior', { pub: '2019-11-10', lastYear: 2018 })).toEqual(['2017']);
  });

  it('reads a month with its year as one date', () => {
    expect(dates('en octubre de 2016 viajo', { pub: '2019-11-10' })).toEqual(['2016-10']);
  });

  it('reads Spanish relative phrases against the publication date', () => {
    expect(dates('el ano pasado viajo', { pub: '2019-07-18' })).toEqual(['2018']);
    expect(dates('hace tres meses habia pedido', { pub: '2016-10-20' })).toEqual(['2016-07']);
    expect(dates('la semana pasada', { pub: '2022-01-20' })).toEqual(['2022-01-13']);
    expect(dates('entre el 11 y el 13 de julio', { pub: '2018-07-27' })).toEqual(['2018-07-11']);
  });

  it('takes a month without a year as the latest such month up to publication', () => {
    expect(dates('a ceremony in may', { pub: '2011-07-01' })).toEqual(['2011-05']);
    expect(dates('a ceremony in november', { pub: '2011-07-01' })).toEqual(['2010-11']);
  });

  it('dates a weekday to the latest such day up to publication', () => {
    expect(dates('landed on wednesday', { pub: '2018-07-13' })).toEqual(['2018-07-11']);
    expect(dates('el sabado', { pub: '2026-03-01' })).toEqual(['2026-02-28']);
  });

  it('ignores a limit year and the crime year used as a name', () => {
    expect(dates('renewed until 2027', { pub: '2022-05-31' })).toEqual([]);
    expect(dates('over the 1994 amia bombing', { pub: '2022-05-31' })).toEqual([]);
    expect(dates('por el atentado de 1994', { pub: '2022-05-31' })).toEqual([]);
  });

  it('marks a vague past without dating it', () => {
    const [a] = findDateAnchors('months after he turned up', { pub: '2022-05-31' });
    expect(a).toMatchObject({ date: null, vaguePast: true });
  });
});

describe('findDateAnchors: days relative to the last day given', () => {
  it('reads "the next day", "three days later" and "the week before" from the last full date', () => {
    expect(dates('on 10 march he arrived; the next day a request', { pub: '2023-03-20' })).toEqual(['2023-03-10', '2023-03-11']);
    expect(dates('el 10 de marzo llego y tres dias despues se fue', { pub: '2023-03-20' })).toEqual(['2023-03-10', '2023-03-13']);
    expect(dates('on 10 march a request, the week before a visit', { pub: '2023-03-20' })).toEqual(['2023-03-10', '2023-03-03']);
    expect(dates('ayer se pidio', { pub: '2023-03-20' })).toEqual(['2023-03-19']);
  });
});
