import { describe, expect, it } from 'vitest';
import { foldBoth } from '../../lambdas/domain/detect/normalize.ts';
import { findPlaces, resolveAmbiguous } from '../../lambdas/domain/detect/places.ts';

const places = (text: string) => {
  const f = foldBoth(text);
  return findPlaces(f.cased, f.lower);
};
const codes = (text: string) => places(text).map((p) => p.codes.join('/'));

describe('places', () => {
  it('maps country names in English and Spanish from the dataset', () => {
    expect(codes('Azerbaijan, Azerbaiyán, Malasia, Sri Lanka, Arabia Saudita')).toEqual(['AZ', 'AZ', 'MY', 'LK', 'SA']);
  });

  it('maps capitals, cities and metonyms', () => {
    expect(codes('Bakú, Moscú, the Kremlin, Kuala Lumpur, La Meca, Bagdad')).toEqual(['AZ', 'RU', 'RU', 'MY', 'SA', 'IQ']);
  });

  it('reads a demonym as a place only beside an institution or place noun', () => {
    const [official, authorities, gobierno] = [places('an Iranian official'), places('the Russian authorities'), places('el gobierno nicaragüense')];
    expect(official[0]!.institutional).toBe(false);
    expect(authorities[0]).toMatchObject({ codes: ['RU'], institutional: true });
    expect(gobierno[0]).toMatchObject({ codes: ['NI'], institutional: true });
  });

  it('does not take a swearing-in ("la asunción") for Paraguay\'s capital', () => {
    expect(codes('en la asunción de Ortega')).toEqual([]);
    expect(codes('llegó a Asunción')).toEqual(['PY']);
  });

  it('matches acronyms only in capitals', () => {
    expect(codes('the UK said')).toEqual(['GB']);
    expect(codes('told us')).toEqual([]);
  });

  it('resolves an ambiguous city only through a country the text names', () => {
    const bolivia = places('a ceremony in Santa Cruz');
    expect(resolveAmbiguous(bolivia, new Set(), new Set(['BO']))[0]!.codes).toEqual(['BO']);
    expect(resolveAmbiguous(places('a ceremony in Santa Cruz'), new Set(), new Set(['FR']))).toEqual([]);
  });
});
