import { findPlaces, lookupRegion, lookupSettlement, lookupVenue } from './gazetteer';

const names = (text: string) => findPlaces(text).map((m) => `${m.place.name}/${m.kind}`);

describe('gazetteer', () => {
  it.each([
    ['Kiev', 'Kyiv'],
    ['Kharkov', 'Kharkiv'],
    ['Zaporozhye', 'Zaporizhzhia'],
    ['Nikolaev', 'Mykolaiv'],
    ['Odessa', 'Odesa'],
    ['Artemovsk', 'Bakhmut'],
    ['Krivoy Rog', 'Kryvyi Rih'],
    ['Novomoskovsk', 'Samar'],
    ['Gorlovka', 'Horlivka'],
    ['Rabotino', 'Robotyne'],
    ['Novaya Kakhovka', 'Nova Kakhovka'],
    ['Genichesk', 'Henichesk'],
    ['Krasnograd', 'Krasnohrad'],
    ['Mirnograd', 'Myrnohrad'],
  ])('knows the spelling %s as %s', (alias, name) => expect(lookupSettlement(alias)?.name).toBe(name));

  it.each([
    ['Krasnohorivka', 'Krasnohorivka', 'Donetsk Oblast', 48.0, 37.5],
    ['Krasnogorovka', 'Krasnohorivka', 'Donetsk Oblast', 48.0, 37.5],
    ['Ocheretino', 'Ocheretyne', 'Donetsk Oblast', 48.27, 37.61],
    ['Ukrainsk', 'Ukrainsk', 'Donetsk Oblast', 48.1, 37.36],
    ['Gornyak', 'Hirnyk', 'Donetsk Oblast', 48.05, 37.37],
    ['Maryanka', 'Marinka', 'Donetsk Oblast', 47.95, 37.5],
    ['Yenakiyevo', 'Yenakiieve', 'Donetsk Oblast', 48.23, 38.21],
    ['Kupyansk-Uzlovoy', 'Kupiansk-Vuzlovyi', 'Kharkiv Oblast', 49.67, 37.68],
    ['Kazachya Lopan', 'Kozacha Lopan', 'Kharkiv Oblast', 50.34, 36.21],
    ['Stakhanov', 'Kadiivka', 'Luhansk Oblast', 48.57, 38.65],
    ['Chernobaevka', 'Chornobaivka', 'Kherson Oblast', 46.7, 32.55],
    ['Snake Island', 'Zmiinyi Island', 'Odesa Oblast', 45.26, 30.2],
    ['Ternivka', 'Ternivka', 'Dnipropetrovsk Oblast', 48.53, 36.07],
    ['Korenevo', 'Korenevo', 'Kursk Oblast', 51.41, 34.91],
    ['Rossosh', 'Rossosh', 'Voronezh Oblast', 50.19, 39.57],
  ])('knows the frontline or often-struck place %s as %s', (spelling, name, admin1, lat, lon) => {
    const p = lookupSettlement(spelling)!;
    expect(p).toMatchObject({ name, admin1 });
    expect(Math.abs(p.lat! - lat)).toBeLessThan(0.05);
    expect(Math.abs(p.lon! - lon)).toBeLessThan(0.05);
  });

  it('reads hyphenated and two-word frontline names in running text', () => {
    expect(names('Strikes hit Kupiansk-Vuzlovyi and Kozacha Lopan, then Niu-York.')).toEqual([
      'Kupiansk-Vuzlovyi/settlement',
      'Kozacha Lopan/settlement',
      'Niu-York/settlement',
    ]);
  });

  it('gives oblast, country and coordinates', () => {
    const p = lookupSettlement('Pokrovsk')!;
    expect(p).toMatchObject({ admin1: 'Donetsk Oblast', country: 'UA', precision: 'settlement' });
    expect(p.lat).toBeCloseTo(48.28, 1);
  });

  it('places Russian border towns in their oblast', () => {
    expect(lookupSettlement('Shebekino')).toMatchObject({ admin1: 'Belgorod Oblast', country: 'RU' });
  });

  it('reads an unknown name placed by the district after it as a settlement, and nothing else', () => {
    expect(names('The missile hit a cafe in Hroza, Kupiansk district, on Thursday.')).toEqual([
      'Hroza/unknown',
      'Kupiansk district/district',
    ]);
    expect(names('Meanwhile, Kupiansk district was shelled again.')).toEqual(['Kupiansk district/district']);
  });

  it('reads regions in several forms', () => {
    expect(names('Shelling hit the Sumy region overnight.')).toEqual(['Sumy Oblast/region']);
    expect(names('Officials in Sumy Oblast said')).toEqual(['Sumy Oblast/region']);
    expect(names('a Kharkov-region village')).toEqual(['Kharkiv Oblast/region']);
    expect(lookupRegion('Moscow Region')?.name).toBe('Moscow Oblast');
  });

  it('expands a list of regions with a plural', () => {
    expect(names('drones fell over the Bryansk, Belgorod and Kursk regions')).toEqual([
      'Bryansk Oblast/region',
      'Belgorod Oblast/region',
      'Kursk Oblast/region',
    ]);
  });

  it('does not take a city district for the capital', () => {
    expect(names('explosions in the Kyivskyi district of Kharkiv')).toEqual(['Kharkiv/settlement']);
  });

  it('reads a raion named after its town at region precision', () => {
    const [m] = findPlaces('homes were hit in the Berdychiv district');
    expect(m.place).toMatchObject({ name: 'Berdychiv district', admin1: 'Zhytomyr Oblast', precision: 'region' });
  });

  it('finds venues of talks with their country', () => {
    expect(lookupVenue('Dolmabahce Palace')?.place.name).toBe('Istanbul');
    expect(lookupVenue('Abu Dhabi')?.country).toBe('AE');
    expect(names("They met inside St Peter's on Saturday")).toEqual(['Vatican City/venue']);
  });

  it('keeps unknown villages introduced as such', () => {
    expect(findPlaces('a strike on the village of Bezymiannivka')[0]).toMatchObject({ kind: 'unknown', place: { name: 'Bezymiannivka' } });
  });

  it('covers smaller towns through the GeoNames supplement, in the national romanisation', () => {
    expect(lookupSettlement('Zolotonosha')).toMatchObject({ admin1: 'Cherkasy Oblast', country: 'UA' });
    expect(lookupSettlement('Lyubotyn')).toMatchObject({ name: 'Liubotyn', admin1: 'Kharkiv Oblast' });
    expect(lookupSettlement('Liubotyn')?.name).toBe('Liubotyn');
  });

  it('lets the reviewed list win over the supplement', () => {
    expect(lookupSettlement('Kurakhovo')?.name).toBe('Kurakhove');
  });

  it('reads possessives and multi-word names', () => {
    expect(names("Kryvyi Rih's centre and Chasiv Yar")).toEqual(['Kryvyi Rih/settlement', 'Chasiv Yar/settlement']);
  });
});
