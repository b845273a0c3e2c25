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

describe('the next round of talks held', () => {
  // 2025-06-18 is a Wednesday.
  const held = 'Russian and Ukrainian delegations met in Istanbul on Wednesday for about an hour.';
  const nextRound = (more: string, publishedAt = '2025-06-18T12:00:00Z') =>
    extract({ id: 'n', title: 'Talks in Istanbul', content: `${held} ${more}`, publishedAt })
      .events.filter((e) => e.type === 'TalksHeld')
      .map((e) => {
        const n = e.data.nextRound as { from?: string; to?: string; location?: { name: string; precision: string } } | undefined;
        return n && { from: n.from, to: n.to, place: n.location?.name };
      });

  it.each([
    ['The sides agreed to meet again in two weeks.', { from: '2025-07-02', to: '2025-07-02', place: undefined }],
    ['The next round is expected in Istanbul next month.', { from: '2025-07-01', to: '2025-07-31', place: 'Istanbul' }],
    ['A new round is planned for June 30.', { from: '2025-06-30', to: '2025-06-30', place: undefined }],
    ['Further talks will be held in Geneva after Easter.', { from: '2026-04-06', to: undefined, place: 'Geneva' }],
    ['The delegations will reconvene in Geneva in early July, Umerov said.', { from: '2025-07-01', to: '2025-07-10', place: 'Geneva' }],
    ['A third round will take place in Riyadh on June 25.', { from: '2025-06-25', to: '2025-06-25', place: 'Riyadh' }],
    ['Geneva will host the next round on Friday.', { from: '2025-06-20', to: '2025-06-20', place: 'Geneva' }],
    ['The two delegations would meet again in Turkey next week.', { from: '2025-06-19', to: '2025-06-25', place: 'Turkey' }],
    ['Putin suggested that the next meeting be held in Moscow.', { from: undefined, to: undefined, place: 'Moscow' }],
    ['The next round will be in Abu Dhabi, but no date was set.', { from: undefined, to: undefined, place: 'Abu Dhabi' }],
    ['Negotiations are expected to resume within a month.', { from: '2025-06-19', to: '2025-07-18', place: undefined }],
  ])('reads "%s"', (more, want) => {
    expect(nextRound(more)).toEqual([want]);
  });

  it('takes the venue of the next meeting, not of the meeting held, from one sentence', () => {
    expect(
      extract({
        id: 'n',
        title: 'Talks',
        content: 'Russian and Ukrainian delegations met in Istanbul on Wednesday and agreed to meet again in Geneva next month.',
        publishedAt: '2025-06-18T12:00:00Z',
      }).events.map((e) => [
        (e.data.location as { name: string }).name,
        (e.data.nextRound as { location: { name: string } }).location.name,
      ]),
    ).toEqual([['Istanbul', 'Geneva']]);
  });

  it.each([
    'No date was set for the next round.',
    'No further talks are planned.',
    'Medinsky said he was ready to meet again if Kyiv was serious.',
    'Both sides hope to meet again in Geneva soon.',
    'The next round, planned for Geneva next week, was called off.',
  ])('gives no next round for "%s"', (more) => {
    expect(nextRound(more)).toEqual([undefined]);
  });

  it('leaves a report that only schedules talks as scheduled, with no talks held', () => {
    const r = extract({
      id: 'n',
      title: 'Talks',
      content: 'Russia and Ukraine will hold talks in Istanbul next week, the Kremlin said. The next round is expected in early July.',
      publishedAt: '2025-06-18T12:00:00Z',
    });
    expect(r.events.map((e) => e.type)).toEqual(['TalksScheduled']);
  });
});
