import { extract } from '../extract';

const talks = (title: string, content = '', publishedAt = '2025-04-11T18:00:00Z') =>
  extract({ id: 't', title, content, publishedAt })
    .events.filter((e) => e.type === 'TalksHeld')
    .map((e) => ({
      parties: e.data.parties,
      location: (e.data.location as { name: string }).name,
      minutes: (e.data.durationMinutes as { min: number } | undefined)?.min,
      outcome: e.data.outcome,
    }));

describe('talks held', () => {
  it('takes the venue from a dateline outside the bureau cities, and a visit received there as talks', () => {
    expect(
      talks(
        'Putin receives Trump envoy Witkoff',
        'ST PETERSBURG, 11 April — Russian President Vladimir Putin on Friday received US Special Envoy Steve Witkoff, Kremlin spokesman Dmitry Peskov said. The talks lasted about four and a half hours.',
      ),
    ).toEqual([{ parties: ['RU', 'US'], location: 'St Petersburg', minutes: 270, outcome: 'unknown' }]);
  });

  it('reads talking for hours in the Kremlin', () => {
    expect(talks('Putin and Witkoff talk for three hours in the Kremlin')).toEqual([
      { parties: ['RU', 'US'], location: 'Moscow', minutes: 180, outcome: 'unknown' },
    ]);
  });

  it('counts a meeting that broke down as held, without progress', () => {
    expect(
      talks(
        'Zelensky leaves White House early',
        'A meeting between Donald Trump and Volodymyr Zelensky at the White House on Friday collapsed into a shouting match.',
        '2025-02-28T22:00:00Z',
      ),
    ).toEqual([{ parties: ['UA', 'US'], location: 'Washington', minutes: undefined, outcome: 'no_progress' }]);
  });

  it('reads a meeting that ended without signing the agreement as without progress', () => {
    expect(
      talks(
        'Zelensky leaves White House early',
        "WASHINGTON, Feb 28 — Volodymyr Zelensky's meeting with Donald Trump at the White House collapsed on Friday, and the Ukrainian president left without signing the agreement on mineral resources.",
        '2025-02-28T21:00:00Z',
      ),
    ).toMatchObject([{ parties: ['UA', 'US'], location: 'Washington', outcome: 'no_progress' }]);
  });

  it.each([
    ['The foreign ministers of Russia and Ukraine met in Antalya on Thursday but failed to move any closer to a ceasefire.', 'no_progress'],
    ['American and Ukrainian negotiators said talks in Geneva on Thursday had produced real progress on the US plan.', 'partial'],
  ])('reads the outcome of "%s"', (text, outcome) => {
    expect(talks('Talks', text, '2022-03-10T15:00:00Z')).toMatchObject([{ outcome }]);
  });

  it('gives talks the length told in the next sentence', () => {
    const [t] = talks(
      'Lavrov and Kuleba meet in Antalya',
      'The Russian and Ukrainian foreign ministers met in Antalya on Thursday. It lasted about an hour and a half and produced nothing concrete.',
      '2022-03-10T15:00:00Z',
    );
    expect(t).toMatchObject({ location: 'Antalya', minutes: 90, outcome: 'no_progress' });
  });

  it('reads a dateline that names the country too, and prefers "Istanbul talks" to a town named "near" in the same headline', () => {
    expect(
      talks(
        'Russia pledges to scale back near Kyiv and Chernihiv after Istanbul talks',
        'ANTALYA, Turkey, March 29 — Russia said on Tuesday it would sharply reduce military activity around Kyiv and Chernihiv after a round of face-to-face talks with Ukraine.',
        '2022-03-29T17:00:00Z',
      ).map((t) => t.location),
    ).toEqual(['Antalya']);
    expect(talks('Russia pledges to scale back near Kyiv and Chernihiv after Istanbul talks', '', '2022-03-29T17:00:00Z')).toMatchObject([
      { parties: ['RU', 'UA'], location: 'Istanbul' },
    ]);
  });

  it.each([
    [
      'a summit of another bloc, with Kyiv named only as a target',
      'Speaking at a summit of the CSTO security bloc in Kazakhstan, Putin said targets could include decision-making centres in Kyiv.',
    ],
    [
      'the place a statement was made',
      'Switzerland is ready to host a meeting between Putin and Zelensky; Geneva has a long tradition of hosting such negotiations, he told reporters in Bern.',
    ],
    [
      'talks prepared and then postponed',
      'Russia and Ukraine had been preparing to send delegations to Doha later this month for talks mediated by Qatar, but Russia postponed the meeting.',
    ],
    ['a summit put on hold', 'Trump–Putin summit in Budapest put on hold, White House says'],
    ['a planned summit shelved', "Trump shelves planned Budapest summit with Putin: 'I don't want a wasted meeting'"],
    [
      'a meeting named by an earlier month',
      'Melania Trump said she sent Putin a letter through her husband at the Alaska summit in August.',
    ],
  ])('are not read from %s', (_what, text) => {
    expect(talks(text)).toEqual([]);
  });
});
