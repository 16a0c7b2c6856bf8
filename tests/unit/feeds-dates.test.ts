import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../lambdas/feeds/feed-dates.ts';

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 10 Nov 2009 23:00:00 GMT', '2009-11-10T23:00:00.000Z'],
    ['Tue, 10 Nov 2009 18:00:00 EST', '2009-11-10T23:00:00.000Z'],
    ['Tue, 10 Nov 2009 20:00:00 -0300', '2009-11-10T23:00:00.000Z'],
    ['mar, 10 nov 2009 20:00:00 ART', '2009-11-10T23:00:00.000Z'],
    ['Miércoles, 18 dic 2019 10:00:00 -0300', '2019-12-18T13:00:00.000Z'],
    ['18 de enero de 2016 10:00', undefined],
    ['ter, 05 set 2017 09:00:00 BRT', '2017-09-05T12:00:00.000Z'],
    ['Tue, 10 Nov 2009 23:00:00', '2009-11-10T23:00:00.000Z'],
    ['2019-11-10T10:00:00-03:00', '2019-11-10T13:00:00.000Z'],
    ['2019-11-10 10:00:00', '2019-11-10T10:00:00.000Z'],
    ['2019-11-10T10:00:00', '2019-11-10T10:00:00.000Z'],
    ['2019-11-10', '2019-11-10T00:00:00.000Z'],
    ['  2019-11-10T10:00:00Z\n', '2019-11-10T10:00:00.000Z'],
    ['yesterday', undefined],
    ['0', undefined],
    ['', undefined],
  ])('reads %j as %s', (input, iso) => {
    expect(parseFeedDate(input)).toBe(iso);
  });
});
