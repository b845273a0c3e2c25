import { modernise } from './geonames-supplement';

describe('modernise', () => {
  it.each([
    ['Dobropillya', 'Dobropillia'],
    ["Kramators'k", 'Kramatorsk'],
    ['Kostyantynivka', 'Kostiantynivka'],
    ['Staryy Saltiv', 'Staryi Saltiv'],
    ['Lyubotyn', 'Liubotyn'],
    ['Odesa', 'Odesa'],
  ])('writes %s as %s', (old, now) => expect(modernise(old)).toBe(now));
});
