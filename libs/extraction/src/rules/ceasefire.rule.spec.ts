import { extract } from '../extract';

const truces = (title: string, content = '', publishedAt = '2025-07-23T20:00:00Z') =>
  extract({ id: 'c', title, content, publishedAt })
    .events.filter((e) => e.type === 'CeasefireProposed')
    .map((e) => {
      const d = e.data as {
        proposer: string;
        addressee?: string;
        scope: string;
        response: string;
        durationDays?: { min: number; max: number };
      };
      return {
        proposer: d.proposer,
        addressee: d.addressee,
        scope: d.scope,
        response: d.response,
        days: d.durationDays && [d.durationDays.min, d.durationDays.max],
      };
    });

describe('ceasefire proposals', () => {
  it('takes "he" for the official the sentence names, and a humanitarian aim for the scope', () => {
    expect(
      truces(
        'Antalya meeting ends without a truce',
        'Kuleba told reporters afterwards that he had proposed a 24-hour ceasefire to deal with the most pressing humanitarian problems, above all in besieged Mariupol, but that no progress had been made.',
        '2022-03-10T16:00:00Z',
      ),
    ).toEqual([{ proposer: 'UA', addressee: 'RU', scope: 'humanitarian', response: 'pending', days: [1, 1] }]);
  });

  it('reads a call on the other side to declare a truce as the caller proposing it, and a bare rejection as the answer', () => {
    expect(
      truces(
        'Kremlin statement on Christmas',
        "'We call on the Ukrainian side to declare a ceasefire,' the Kremlin statement said. Kyiv rejected the offer.",
        '2023-01-05T17:30:00Z',
      ),
    ).toEqual([{ proposer: 'RU', addressee: 'UA', scope: 'full', response: 'rejected', days: undefined }]);
  });

  it('takes "he had proposed" for the subject the sentence names first', () => {
    expect(
      truces(
        'Orban plan',
        'The Hungarian prime minister, who discussed the idea with Vladimir Putin by phone on Wednesday, wrote that he had proposed a Christmas truce.',
        '2024-12-11T19:00:00Z',
      ),
    ).toMatchObject([{ proposer: 'HU' }]);
  });

  it('gives "his proposal" to the speaker', () => {
    expect(
      truces(
        'Orban plan turned down',
        'Hungarian Prime Minister Viktor Orban said on Wednesday that Ukraine had rejected his proposal for a Christmas ceasefire.',
        '2024-12-11T19:00:00Z',
      ),
    ).toMatchObject([{ proposer: 'HU', response: 'rejected' }]);
  });

  it('does not take a purpose clause with "could" for a hypothesis', () => {
    expect(
      truces(
        'Third round in Istanbul',
        'He said Russia had also proposed short ceasefires of 24 to 48 hours on certain sections of the front so that medical teams could pick up the wounded.',
      ),
    ).toEqual([{ proposer: 'RU', addressee: 'UA', scope: 'partial', response: 'pending', days: [1, 2] }]);
  });

  it('reads a truce on individual sections of the line of contact as partial', () => {
    expect(
      truces(
        'Istanbul round',
        'Medinsky said Russia had once more offered short ceasefires of 24 to 48 hours on individual sections of the line of contact.',
      ),
    ).toMatchObject([{ proposer: 'RU', scope: 'partial', days: [1, 2] }]);
  });

  it('measures a truce from an hour on one date to an hour on another, and finds a rejection by an official named with his post', () => {
    expect(
      truces(
        'Putin orders Christmas ceasefire',
        [
          'MOSCOW, 5 January — President Vladimir Putin has instructed the defence minister to introduce a ceasefire along the entire line of contact from 12:00 on 6 January 2023 until 24:00 on 7 January 2023, the Kremlin said.',
          'In Kiev, Mikhail Podolyak, an adviser to the head of the presidential office, rejected the initiative.',
        ].join('\n'),
        '2023-01-05T15:00:00Z',
      ),
    ).toMatchObject([{ proposer: 'RU', scope: 'full', response: 'rejected', days: [1.5, 1.5] }]);
  });

  it('reads a side that will open a humanitarian corridor as proposing a humanitarian pause', () => {
    expect(
      truces(
        'Corridor from Azovstal',
        'MOSCOW, 4 May — The Russian Armed Forces will open a humanitarian corridor from the Azovstal plant in Mariupol to evacuate civilians, the headquarters said.',
        '2022-05-04T19:00:00Z',
      ),
    ).toMatchObject([{ proposer: 'RU', scope: 'humanitarian' }]);
  });

  it('reads a call to freeze the war on the current line as a proposal, and its rejection', () => {
    expect(truces("Lavrov rejects Trump's call to freeze the war along the current front line", '', '2025-10-21T16:00:00Z')).toMatchObject([
      { proposer: 'US', response: 'rejected' },
    ]);
  });

  it('takes the side of a headline that names none from the rest of the report', () => {
    expect(
      truces(
        "Defence Ministry declares 'regime of silence' to open humanitarian corridors from Mariupol and Volnovakha",
        'From 10:00 Moscow time on 5 March the Russian side is ceasing fire so that civilians can leave the two cities, the ministry said.',
        '2022-03-05T07:30:00Z',
      ),
    ).toMatchObject([{ proposer: 'RU', scope: 'humanitarian' }]);
  });

  it('does not read a truce nobody announced as proposed', () => {
    expect(
      truces(
        'Alaska summit ends',
        'Trump and Putin met for three hours in Anchorage. Neither man announced a ceasefire.',
        '2025-08-16T18:00:00Z',
      ),
    ).toEqual([]);
  });

  it('reads a truce the nuclear watchdog brokered as its proposal, accepted by the sides', () => {
    expect(
      truces(
        'IAEA brokers local ceasefires to restore power to Zaporizhzhia nuclear plant',
        'Repairs began on Saturday after Russia and Ukraine agreed to local ceasefire zones, IAEA chief Rafael Grossi said.',
        '2025-10-18T13:00:00Z',
      ),
    ).toMatchObject([{ proposer: 'IAEA', scope: 'partial', response: 'accepted' }]);
  });
  it.each([
    ['Erdogan says Moscow turned down his Black Sea truce', 'TR'],
    ['Macron said on Monday that Russia had rebuffed his Olympic truce', 'FR'],
  ])('gives a truce called "his" in an answer to the speaker: %s', (title, proposer) => {
    expect(truces(title, '', '2025-03-20T12:00:00Z')).toMatchObject([{ proposer, response: 'rejected' }]);
  });

  it.each([
    ['Truce on energy', 'The Kremlin said Moscow had accepted a request from Emmanuel Macron to halt strikes on power stations.', 'FR'],
    ['Black Sea', 'Kyiv agreed to an appeal by Recep Tayyip Erdogan for a ceasefire at sea, officials said.', 'TR'],
  ])('credits a request or appeal from someone to the one who asked: %s', (title, content, proposer) => {
    expect(truces(title, content, '2025-03-20T12:00:00Z')).toMatchObject([{ proposer, response: 'accepted' }]);
  });

  it.each([
    'The Kremlin on Friday ordered its troops in Ukraine to observe a truce over Easter.',
    'The Russian defence ministry told units deployed across Ukraine to observe a ceasefire from midnight.',
  ])('does not take a side named after "in" or "across" for the proposer: %s', (content) => {
    expect(truces('Easter', content, '2025-04-18T12:00:00Z')).toMatchObject([{ proposer: 'RU', addressee: 'UA' }]);
  });

  it.each([
    '"Once the troops leave and Kyiv gives up its plans to join NATO, we will declare a ceasefire," the Kremlin said.',
    'Russia set out its terms again. "When Kyiv stops its bid to join NATO, our side will order a ceasefire at once," he said.',
  ])('takes "we" in a quote for the speaker, not a side named inside the quote: %s', (content) => {
    expect(truces('Terms', content, '2025-04-18T12:00:00Z')).toMatchObject([{ proposer: 'RU' }]);
  });

  it.each([
    'Erdogan pressed Russia and Ukraine to accept a humanitarian pause in Mariupol.',
    'The UN chief called on both Moscow and Kyiv to agree to a three-day pause in the fighting.',
  ])('reads a call on the sides to accept a truce as a pending proposal by the caller: %s', (content) => {
    const got = truces('Appeal', content, '2022-04-19T12:00:00Z');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ response: 'pending' });
    expect(['TR', 'UN']).toContain(got[0].proposer);
  });

  it.each([
    'Washington proposed a 30-day ceasefire on Monday. Macron praised the plan, urging Moscow to accept the truce without conditions.',
    'Washington proposed a 30-day ceasefire on Monday. London pressed the Kremlin to sign up to the ceasefire.',
  ])('does not read pressure to accept a truce already told as a new offer or an answer: %s', (content) => {
    expect(truces('Truce', content, '2025-03-20T12:00:00Z')).toEqual([
      { proposer: 'US', addressee: undefined, scope: 'full', response: 'pending', days: [30, 30] },
    ]);
  });
  it.each([
    [
      'Kremlin offers brief truces, Peskov says',
      'Russia proposed a ceasefire on individual sections of the front so that medics can reach the wounded.',
      'partial',
    ],
    [
      'Moscow announces truce around Bakhmut',
      'Russia announced a humanitarian pause around Bakhmut to let civilians leave.',
      'humanitarian',
    ],
  ])("folds a truce told without its scope into the same side's narrower one: %s", (title, content, scope) => {
    expect(truces(title, content, '2023-03-20T12:00:00Z')).toMatchObject([{ proposer: 'RU', scope }]);
  });
});

describe('conditions attached to a truce', () => {
  const conditioned = (content: string) =>
    extract({ id: 'c', title: 'Truce', content, publishedAt: '2025-06-18T10:00:00Z' })
      .events.filter((e) => e.type === 'CeasefireProposed')
      .map((e) => ({ proposer: e.data.proposer, unconditional: e.data.unconditional, conditions: e.data.conditions }));

  it.each([
    [
      'Russia offered a 30-day truce on condition that Western arms deliveries to Kyiv stop.',
      { proposer: 'RU', unconditional: false, conditions: [{ by: 'RU', text: 'Western arms deliveries to Kyiv stop' }] },
    ],
    [
      'Kyiv proposed a ceasefire at sea, provided that Russian warships leave the western Black Sea.',
      { proposer: 'UA', unconditional: false, conditions: [{ by: 'UA', text: 'Russian warships leave the western Black Sea' }] },
    ],
    [
      'Putin said Moscow would agree to a ceasefire only if Kyiv halts mobilisation, the Kremlin said.',
      { proposer: 'UA', unconditional: false, conditions: [{ by: 'RU', text: 'Kyiv halts mobilisation' }] },
    ],
  ])('reads the condition of "%s"', (content, want) => {
    expect(conditioned(content)).toEqual([want]);
  });

  it("takes conditions from another sentence about the truce, set by the side it is put to, and keeps the offer's own word", () => {
    expect(
      conditioned(
        'Ukraine proposed an unconditional 30-day ceasefire on Tuesday. The Kremlin said a truce could be agreed only once Western weapons deliveries are halted.',
      ),
    ).toEqual([{ proposer: 'UA', unconditional: true, conditions: [{ by: 'RU', text: 'Western weapons deliveries are halted' }] }]);
  });

  it('names no conditions where there are none, or where "only if" asks for the same of the other side', () => {
    expect(conditioned('Putin announced a three-day ceasefire for May 8-10.')).toEqual([
      { proposer: 'RU', unconditional: undefined, conditions: undefined },
    ]);
    expect(conditioned('Russia offered a truce on the front line, but only if Ukraine did the same.')[0]?.conditions).toBeUndefined();
  });
});
