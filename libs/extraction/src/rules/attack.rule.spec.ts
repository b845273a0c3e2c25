import { extract } from '../extract';
import { attributionIn, findCasualties, weaponsIn } from './attack.rule';

const mm = (r?: { min: number | null; max: number | null; approx: boolean }) => r && [r.min, r.max, r.approx];
const attacks = (title: string, summary = '', content = '', publishedAt = '2025-10-05T09:00:00Z') =>
  extract({ id: 'a', title, summary, content, publishedAt }).events.filter((e) => e.type === 'AttackReported');
const names = (e: { data: Record<string, unknown> }) => (e.data.places as { name: string }[]).map((p) => p.name);

describe('casualty figures', () => {
  it.each([
    ['Seven people were killed and 31 wounded', [7, 7, false], [31, 31, false]],
    ['killing at least 12 and injuring more than 40', [12, null, false], [41, null, false]],
    ['the death toll has risen to twenty-one', [21, 21, false], undefined],
    ['A 72-year-old man was killed and a woman wounded', [1, 1, false], [1, 1, false]],
    ['dozens of people were hurt', undefined, [24, null, true]],
    ['23 people, four of them children, were injured', undefined, [23, 23, false]],
    ['Five people, including a child, were killed', [5, 5, false], undefined],
    ['No one was hurt, the governor said', [0, 0, false], [0, 0, false]],
    ['The siblings, aged 8, 12 and 17, died in the attack', undefined, undefined],
    ['a drone hit a bus, killing a 59-year-old woman and wounding seven passengers', [1, 1, false], [7, 7, false]],
    ['the blast injured a woman and her son', undefined, [2, 2, false]],
    ['two men died and a third man was wounded', [2, 2, false], [1, 1, false]],
    ['a man was killed and his wife injured', [1, 1, false], [1, 1, false]],
    ['Pensioner killed by shelling in Borova', [1, 1, false], undefined],
    ['the 50-year-old was taken to hospital with blast injuries', undefined, [1, 1, false]],
    ['the death toll in the strike on the cafe in the village rose to 52', [52, 52, false], undefined],
    ['the number of people killed when the missile hit the block has risen to 40', [40, 40, false], undefined],
    ['a missile hit a house, killing a young woman and her three-year-old daughter', [2, 2, false], undefined],
    ['a further 98 people were being treated in hospitals', undefined, [98, 98, false]],
    ['A woman and her daughter were killed when the drone hit their house', [2, 2, false], undefined],
    ['Three servicemen were fatally wounded by falling debris', [3, 3, false], undefined],
    ['Drone kills family of four in Sumy region village', [4, 4, false], undefined],
    ['Girl, 14, among six killed as guided bomb hits Kharkiv high-rise', [6, 6, false], undefined],
    ['Woman, 46, killed as drones slam into tower blocks', [1, 1, false], undefined],
    ['shelling killed a man and injured about a dozen people', [1, 1, false], [12, 12, true]],
    ['the strike killed a woman and wounded around a dozen others', [1, 1, false], [12, 12, true]],
    ['the drone injured a pensioner and killed three people', [3, 3, false], [1, 1, false]],
    ['the bomb killed a teenager and wounded 14', [1, 1, false], [14, 14, false]],
    ['a missile killed a man and injured his wife', [1, 1, false], [1, 1, false]],
    ['about 30 residents needed medical attention after the blast', undefined, [30, 30, true]],
    ['at least 12 people sought urgent medical help', undefined, [12, null, false]],
    ['Nine people in the shelter are now confirmed to have been killed', [9, 9, false], undefined],
    ['eleven residents of the village, two of them teenagers, are now known to have died', [11, 11, false], undefined],
  ])('reads "%s"', (clause, killed, injured) => {
    const f = findCasualties(clause);
    expect(mm(f.killed)).toEqual(killed);
    expect(mm(f.injured)).toEqual(injured);
  });

  it.each([
    'in the deadliest strike on the city since the summer of 2023',
    'the worst attack on the port since Russian forces left the area in 2022',
  ])('reads the figures of a strike told as a record since an earlier year: %s', (tail) => {
    const got = attacks(
      'Missiles hit Sumy',
      '',
      `Russian missiles hit the centre of Sumy on Monday, killing 9 people and wounding 37, ${tail}.`,
      '2025-04-14T12:00:00Z',
    );
    expect(got).toHaveLength(1);
    expect(mm(got[0].data.killed as never)).toEqual([9, 9, false]);
    expect(mm(got[0].data.injured as never)).toEqual([37, 37, false]);
  });

  it('does not take launched drones or damaged buildings for casualties', () => {
    expect(findCasualties('Russia launched 48 drones; 12 houses were damaged')).toEqual({});
  });
});

describe('weapons and attribution', () => {
  it('names weapons from their types and models', () => {
    expect(weaponsIn('a Shahed and two Iskander-M missiles, then a KAB guided bomb')).toEqual(['glide_bomb', 'missile', 'drone']);
    expect(weaponsIn('artillery fire')).toEqual(['shelling']);
  });
  it('reads who attacked', () => {
    expect(attributionIn('drones of the Armed Forces of Ukraine hit a house')).toBe('UA');
    expect(attributionIn('Russian troops shelled the town')).toBe('RU');
  });
});

describe('incidents', () => {
  it('gives separate strikes with their own figures separate events', () => {
    const es = attacks('Russian drones hit Sumy and Poltava', 'In Sumy, three people were killed; in Poltava, one person was injured.');
    expect(es.map(names)).toEqual([['Sumy'], ['Poltava']]);
    expect(mm(es[0].data.killed as never)).toEqual([3, 3, false]);
    expect(mm(es[1].data.injured as never)).toEqual([1, 1, false]);
  });

  it('folds a village into the region named as hit', () => {
    const [e, ...rest] = attacks(
      'Five killed in Russian attack on Lviv region',
      'A family of four died when a drone struck their house in the village of Lapaivka near Lviv overnight.',
    );
    expect(rest).toEqual([]);
    expect(names(e)).toEqual(['Lviv Oblast', 'Lapaivka']);
    expect(mm(e.data.killed as never)).toEqual([5, 5, false]);
  });

  it('reads an industrial target in Russia hit by Ukrainian drones', () => {
    const [e] = attacks('Ukrainian drones set Ryazan refinery ablaze');
    expect(e.data).toMatchObject({ perpetrator: 'UA', target: 'RU', weapons: ['drone'] });
    expect(names(e)).toEqual(['Ryazan']);
  });

  it('takes "at least 21" in the text over the headline\'s "21 killed"', () => {
    const [e] = attacks(
      'Kyiv: 21 killed in night of missiles',
      '',
      'At least 21 people were killed in the overnight Russian missile attack on Kyiv.',
    );
    expect(mm(e.data.killed as never)).toEqual([21, null, false]);
  });

  it('prefers a count to a vague figure', () => {
    const [e] = attacks(
      'Strike on Ternopil kills 25',
      'Dozens more were injured in Ternopil.',
      'In Ternopil, 73 people were injured, officials said.',
    );
    expect(mm(e.data.injured as never)).toEqual([73, 73, false]);
  });

  it('does not count a sports club as a place', () => {
    expect(attacks('Shakhtar Donetsk beat Dynamo Kyiv 3-1 in a bruising derby')).toEqual([]);
  });

  it('reads each entry of a live blog on its own: figures of a later entry stay with it', () => {
    const es = attacks(
      'Live: Russian strikes on Kherson and Odesa regions',
      '',
      [
        '08:05 — In the Kherson region, Russian artillery hit the town of Beryslav early this morning, wounding a 62-year-old man.',
        '22:10 — Governor Oleh Kiper: at least 14 people were killed and 46 wounded in the evening attack.',
      ].join('\n'),
    );
    const beryslav = es.find((e) => names(e).includes('Beryslav'))!;
    expect(mm(beryslav.data.injured as never)).toEqual([1, 1, false]);
    expect(beryslav.data.killed).toBeUndefined();
  });

  it('splits a headline at a comma before a figure of its own: two strikes, each with its weapon', () => {
    const es = attacks('Kharkiv region: pensioner killed by shelling in Borova, two hurt by glide bomb in Kupiansk');
    expect(es.map(names)).toEqual([['Borova'], ['Kupiansk']]);
    expect(es.map((e) => e.data.weapons)).toEqual([['shelling'], ['glide_bomb']]);
  });

  it('gives the only strike of a report every weapon its attack sentences name', () => {
    const [e, ...rest] = attacks(
      'Donetsk region: four civilians killed in a day of Russian attacks',
      '',
      'Russian troops struck the region with artillery, drones and guided aerial bombs. In Druzhkivka a guided bomb destroyed two houses.',
    );
    expect(rest).toEqual([]);
    expect(e.data.weapons).toEqual(['glide_bomb', 'drone', 'shelling']);
  });

  it('reads a strike told through its ruins and the remains of a building', () => {
    const [e] = attacks(
      'Kyiv counts its dead after night of missiles and drones',
      '',
      "Rescuers were still digging through the remains of a five-storey apartment block in Kyiv's Darnytskyi district, hours after a Russian missile tore it in half. At least 21 people were killed in the overnight attack on the capital.",
      '2025-08-28T19:00:00Z',
    );
    expect(names(e)).toEqual(['Kyiv']);
    expect(mm(e.data.killed as never)).toEqual([21, null, false]);
  });

  it.each([
    ['Dnipro death toll climbs to 40 as search continues in ruined apartment block', 'Dnipro', [40, 40, false]],
    ['Kharkov hypermarket strike toll rises to 12, 43 injured', 'Kharkiv', [12, 12, false]],
  ])('reads a headline naming the place before its toll: "%s"', (title, place, killed) => {
    const [e] = attacks(title);
    expect(names(e)).toEqual([place]);
    expect(mm(e.data.killed as never)).toEqual(killed);
  });

  it('reads a raid by saboteurs who opened fire as a ground assault', () => {
    const [e] = attacks(
      'Saboteurs attack Bryansk villages',
      'A sabotage group that crossed from Ukraine opened fire on a car in the village of Lyubechane, killing the driver, Governor Alexander Bogomaz said.',
      '',
      '2023-03-02T17:00:00Z',
    );
    expect(names(e)).toContain('Lyubechane');
    expect(e.data).toMatchObject({ perpetrator: 'UA', target: 'RU', weapons: ['ground_assault'] });
  });

  it('keeps apart another strike in the same oblast told after the first', () => {
    const es = attacks(
      'Russian drone hits bus in Kherson',
      '',
      'A Russian drone struck a bus in Kherson, wounding seven passengers. Later in the day another Russian drone dropped explosives on a man in Bilozerka, wounding him.',
    );
    expect(es.map(names)).toEqual([['Kherson'], ['Bilozerka']]);
  });
});

describe('background is not a new strike', () => {
  it.each([
    ['a strike named by its date weeks before publication', 'He recalled the missile strike on Sumy on 13 April, which killed 35 people.'],
    ['what happens almost daily', 'Nikopol, across the reservoir from Enerhodar, is shelled almost daily by Russian forces.'],
    [
      'a monthly total',
      'At least 183 civilians were killed and 1,133 injured across Ukraine in May, most of them in the Donetsk and Kharkiv regions.',
    ],
    [
      'a denial that anything was hit',
      'There were no hits in Odesa or its port, no damage and no casualties, the governor said of the drone attack.',
    ],
    [
      'a season of an earlier year',
      'The grain deal collapsed in 2023. That summer Russian strikes damaged grain terminals in Odesa and on the Danube at Izmail.',
    ],
    [
      'pressure on a capital',
      'Zelensky called the strike brutal and urged the United States and Europe to respond with new pressure on Moscow.',
    ],
    ['an office named after a place', 'Kharkiv regional governor Oleh Syniehubov said drones were shot down over the region.'],
    [
      'what a weapon lets an air force do',
      'Glide bombs allow Russian aircraft to strike Zaporizhzhia and Kherson from beyond the range of air defences.',
    ],
    ['what a missile can do', 'Launched from Belgorod, the missiles can strike Kharkiv within two minutes.'],
    ['what drones let an army do', 'Long-range drones now let Ukraine hit refineries in Ryazan and Saratov, analysts say.'],
  ])('%s', (_what, text) => {
    expect(attacks('Ukraine war latest', '', text, '2025-06-02T09:00:00Z')).toEqual([]);
  });

  it('still reads a strike told beside what its weapon can do', () => {
    const [e] = attacks(
      'Kyiv hit',
      '',
      'Russia struck Kyiv overnight with Kinzhal missiles that can reach the capital in minutes.',
      '2025-06-02T09:00:00Z',
    );
    expect(names(e)).toEqual(['Kyiv']);
  });

  it('still reads a death toll that rose since as the strike it updates', () => {
    const [e] = attacks(
      'Sumy toll rises',
      '',
      'The death toll from the missile strike on Sumy on 13 April rose to 36.',
      '2025-04-20T09:00:00Z',
    );
    expect(names(e)).toEqual(['Sumy']);
    expect(e.data.date).toBe('2025-04-13');
  });
});

describe('deaths at the front', () => {
  it.each([
    'Most of the soldiers whose bodies came back died in the Pokrovsk and Kupiansk sectors, the ministry said.',
    'The men were killed on the Kherson and Huliaipole axes last autumn, according to the general staff.',
  ])('does not read soldiers killed on a front axis as a strike on a town: %s', (content) => {
    expect(attacks('Bodies of 500 soldiers identified', '', content, '2025-03-10T12:00:00Z')).toEqual([]);
  });
});
