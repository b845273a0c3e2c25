import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEvent } from '@app/domain';
import { extract, EXTRACTOR_VERSION } from './extract';

const corpusPath = process.env.CORPUS ?? join(__dirname, '../../../../shared/corpus/dev.jsonl');
const corpus: { id: string; title?: string; summary?: string; content?: string; publishedAt?: string; expected: unknown[] }[] = existsSync(
  corpusPath,
)
  ? readFileSync(corpusPath, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l))
  : [];

const run = (title: string, content = '', publishedAt = '2025-06-18T10:00:00Z') => extract({ id: 't', title, content, publishedAt });
const types = (r: ReturnType<typeof extract>) => r.events.map((e) => e.type);

describe('extract over the labelled corpus', () => {
  (corpus.length ? it : it.skip)('emits only events that pass the catalogue schemas, with evidence inside the text', () => {
    let n = 0;
    for (const report of corpus) {
      const result = extract(report);
      expect(result.extractorVersion).toBe(EXTRACTOR_VERSION);
      for (const e of result.events) {
        n++;
        expect(validateEvent(e.type, e.data)).toEqual([]);
        expect(e.confidence).toBeGreaterThanOrEqual(0);
        expect(e.confidence).toBeLessThanOrEqual(1);
        expect(e.evidence.length).toBeGreaterThan(0);
        for (const ev of e.evidence) expect(result.text.slice(ev.start, ev.end)).toBe(ev.sentence);
      }
    }
    expect(n).toBeGreaterThan(50);
  });

  (corpus.length ? it : it.skip)('yields nothing for the negative reports', () => {
    for (const report of corpus.filter((r) => r.expected.length === 0))
      expect([report.id, types(extract(report))]).toEqual([report.id, []]);
  });

  it('is deterministic', () => {
    const r = { id: 'x', title: 'Russian drones kill three in Kharkiv', publishedAt: '2025-06-01T08:00:00Z' };
    expect(JSON.stringify(extract(r))).toBe(JSON.stringify(extract(r)));
  });
});

describe('text assembly', () => {
  it('leaves the summary out when the content repeats it', () => {
    const r = extract({ id: 'a', title: 'T', summary: 'Lead sentence.', content: 'Lead sentence. More text.' });
    expect(r.text).toBe('T\n\nLead sentence. More text.');
  });
});

describe('only the monitored war', () => {
  const of = (title: string, content: string) =>
    extract({ id: 'w', title, content, publishedAt: '2025-05-12T10:00:00Z' }).events.map((e) => e.type);

  it.each([
    [
      'Congo and M23 rebels sign truce in Doha',
      'The Democratic Republic of Congo and the Rwanda-backed M23 rebels signed a declaration of principles in Doha. The two sides agreed to exchange prisoners. Kinshasa has also sought drones from Turkey, which sells them to Ukraine.',
    ],
    [
      'Armenia and Azerbaijan swap prisoners',
      'The two countries exchanged 15 prisoners of war at the border on Thursday. Russia, which brokered the 2020 truce, was not involved; Ukraine welcomed the move.',
    ],
    [
      'Drones hit fuel depots in Port Sudan',
      'Drones struck fuel depots and the airport for a third day, the army said, blaming the RSF. The drones were of a type Russia uses in Ukraine, analysts said; the UN called for a truce.',
    ],
  ])('reads nothing of ours in a report about another war: %s', (title, content) => {
    expect(of(title, content)).toEqual([]);
  });

  it('keeps a strike on this war told inside a report about another war', () => {
    expect(
      of(
        'Gaza ceasefire holds for a third day',
        'The truce between Israel and Hamas held for a third day. Meanwhile, Russian drones struck Kharkiv overnight, killing two people, the mayor said.',
      ),
    ).toEqual(['AttackReported']);
  });

  it('keeps the events of a report about this war that mentions another in passing', () => {
    expect(
      of(
        'Russia and Ukraine hold talks in Istanbul',
        'Russian and Ukrainian delegations met in Istanbul on Monday and agreed to exchange prisoners. The US envoy, who also works on the Gaza ceasefire, was not present.',
      ),
    ).toEqual(['TalksHeld', 'ExchangeAgreed']);
    expect(
      of(
        'Russian missiles kill five in Kharkiv',
        'Russian missiles struck Kharkiv overnight, killing five, as attention turned to the war between Israel and Iran.',
      ),
    ).toEqual(['AttackReported']);
  });

  it('does not lend a sentence about another war to this war: its dead, its weapons, its talks', () => {
    const [e, ...rest] = extract({
      id: 'w',
      title: 'Ukraine war latest',
      content:
        'Russian drones struck Odesa overnight, injuring three. Israeli missiles struck Beirut, killing 12, Lebanese officials said.',
      publishedAt: '2025-05-12T10:00:00Z',
    }).events;
    expect(rest).toEqual([]);
    expect(e.data).toMatchObject({ weapons: ['drone'], injured: { min: 3, max: 3 } });
    expect(e.data.killed).toBeUndefined();
    expect(
      of(
        'Ukraine war latest',
        'Zelensky said talks must go on. Iranian and American negotiators met in Geneva on Friday for talks on the nuclear programme.',
      ),
    ).toEqual([]);
  });

  it('does not count Iranian-made drones towards another war when weighing what a report is about', () => {
    const r = extract({
      id: 'w',
      title: 'Ninety prisoners come home',
      summary:
        'Ninety prisoners of war came home on Friday in a swap brokered by the UAE, hours after Iranian-designed drones and Iranian-made missiles hit Odesa.',
      publishedAt: '2025-05-16T10:00:00Z',
    });
    expect(r.events.map((e) => e.type)).toEqual(['ExchangeAgreed']);
  });

  it('still reads Iranian-designed drones as this war’s weapons', () => {
    const [e] = extract({
      id: 'w',
      title: 'Drones hit Odesa',
      content: 'Russian forces attacked Odesa overnight. Iranian-designed Shahed drones hit a residential block, killing two people.',
      publishedAt: '2025-05-12T10:00:00Z',
    }).events;
    expect(e.data).toMatchObject({ killed: { min: 2, max: 2 } });
  });
});

describe('a report that looks back', () => {
  const of = (title: string, content: string) =>
    extract({ id: 'r', title, content, publishedAt: '2025-05-16T10:00:00Z' }).events.map((e) => e.type);

  it.each([
    [
      'A year after the Istanbul round: what became of the truce',
      'Ukraine proposed a 30-day ceasefire, which Russia accepted in principle. The two sides exchanged 1,000 prisoners each, the largest swap of the war.',
    ],
    [
      'Kharkiv remembers the victims of the Epicentr strike',
      'Two guided bombs hit the Epicentr hypermarket in Kharkiv, killing 19 people and injuring more than 50.',
    ],
  ])('reads what it retells as background: %s', (title, content) => {
    expect(of(title, content)).toEqual([]);
  });

  it('still reads what it tells as happening now', () => {
    expect(
      of(
        'Three years on, Kyiv wakes to another drone barrage',
        'Russian drones struck Kyiv overnight, killing two people, the mayor said.',
      ),
    ).toEqual(['AttackReported']);
  });
});

describe('attacks (phrasings beyond the corpus)', () => {
  it('places strikes on frontline villages and towns', () => {
    const [e] = run('Russian glide bomb hit Krasnohorivka, killing two').events;
    expect(e.type).toBe('AttackReported');
    expect(e.data).toMatchObject({ perpetrator: 'RU', killed: { min: 2, max: 2 }, weapons: ['glide_bomb'] });
    expect((e.data.places as { name: string; admin1: string }[])[0]).toMatchObject({ name: 'Krasnohorivka', admin1: 'Donetsk Oblast' });
    const [f] = run('Russian drones struck Kupiansk-Vuzlovyi overnight, injuring three people').events;
    expect((f.data.places as { name: string }[]).map((p) => p.name)).toEqual(['Kupiansk-Vuzlovyi']);
    const [g] = run('Ukrainian drones attacked a refinery in Ilsky, local officials said').events;
    expect(g.data).toMatchObject({ perpetrator: 'UA', target: 'RU' });
  });

  it('reads a headline with figures in words and a qualifier', () => {
    const [e] = run('At least a dozen killed as Russian glide bombs hit Kostiantynivka market').events;
    expect(e.type).toBe('AttackReported');
    expect(e.data).toMatchObject({ perpetrator: 'RU', target: 'UA', killed: { min: 12, max: null }, weapons: ['glide_bomb'] });
    expect((e.data.places as { name: string; admin1: string }[])[0]).toMatchObject({ name: 'Kostiantynivka', admin1: 'Donetsk Oblast' });
  });

  it('reads a Russian border town hit by Ukrainian drones, in Russian spelling', () => {
    const [e] = run(
      'Two injured in Shebekino after Ukrainian drone attack',
      'Governor Vyacheslav Gladkov said two people were injured when a drone struck a car in Shebekino on Tuesday.',
    ).events;
    expect(e.data).toMatchObject({ perpetrator: 'UA', target: 'RU', injured: { min: 2, max: 2 }, date: '2025-06-17' });
  });

  it('does not report a denied strike', () => {
    expect(
      types(
        run(
          'Moscow denies striking a hospital in Kherson',
          'The Russian defence ministry denied that its missiles hit the hospital in Kherson.',
        ),
      ),
    ).toEqual([]);
  });

  it('does not report drones shot down over a region as a hit place', () => {
    expect(types(run('Air defences shoot down 40 drones over the Belgorod region overnight'))).toEqual([]);
  });

  it('does not turn a train route into hit places', () => {
    const r = run('Missile strike on Pavlohrad kills four', 'A train travelling from Lviv to Kharkiv was delayed.');
    expect(r.events).toHaveLength(1);
    expect((r.events[0].data.places as { name: string }[]).map((p) => p.name)).toEqual(['Pavlohrad']);
  });

  it('does not report a strike a side says it did not carry out', () => {
    expect(types(run('Peskov speaks', 'Peskov said Russian forces did not strike civilian targets in Kharkiv.'))).toEqual([]);
  });

  it('keeps history out', () => {
    expect(types(run('Remembering Mariupol', 'In 2022 Russian bombs hit the drama theatre in Mariupol, killing hundreds.'))).toEqual([]);
  });
});

describe('talks, truces and exchanges (phrasings beyond the corpus)', () => {
  it('reads talks held in Abu Dhabi with a mediator and duration', () => {
    const [e] = run('Russian and Ukrainian delegations met in Abu Dhabi for three hours on Monday').events;
    expect(e.type).toBe('TalksHeld');
    expect(e.data).toMatchObject({
      parties: ['RU', 'UA'],
      mediators: ['AE'],
      location: { name: 'Abu Dhabi' },
      date: '2025-06-16',
      durationMinutes: { min: 180, max: 180 },
    });
  });

  it('takes a neutral dateline as the venue of talks, but not a bureau dateline', () => {
    const [e] = run(
      'Delegations wrap up second day',
      'ABU DHABI, 16 June — Russian and Ukrainian delegations held talks for a second day on Monday.',
    ).events;
    expect(e.data).toMatchObject({ parties: ['RU', 'UA'], location: { name: 'Abu Dhabi' }, mediators: ['AE'] });
    expect(types(run('Briefing', 'MOSCOW, 16 June — Commanders were meeting in a hotel when Ukrainian officials spoke.'))).toEqual([]);
  });

  it('does not count cancelled talks', () => {
    expect(types(run('Witkoff-Umerov meeting in Geneva called off'))).toEqual([]);
  });

  it('does not count a visit announced for next week', () => {
    expect(types(run('Zelensky to visit Washington next week for talks with Trump'))).not.toContain('TalksHeld');
  });

  it('does not count talks that are only planned', () => {
    expect(types(run('Russia and Ukraine will hold talks in Istanbul next week'))).not.toContain('TalksHeld');
  });

  it('reads a proposed truce and its rejection', () => {
    const e = run('Kremlin rejects Kyiv’s offer of a 60-day ceasefire').events.find((x) => x.type === 'CeasefireProposed')!;
    expect(e.data).toMatchObject({ proposer: 'UA', response: 'rejected', durationDays: { min: 60, max: 60 } });
  });

  it('ignores a truce in another war', () => {
    expect(types(run('Sudan army and RSF agree a week-long humanitarian truce'))).toEqual([]);
  });

  it('reads a completed swap with a per-side count', () => {
    const [e] = run('Ukraine and Russia exchange 84 prisoners of war each').events;
    expect(e.data).toMatchObject({ category: 'prisoners', count: { min: 84, max: 84 }, perSide: true, status: 'completed' });
  });

  it('reads a later stage of a swap as completed, not as the old agreement', () => {
    const es = run(
      'Ukraine and Russia swap wounded prisoners',
      'Ukraine and Russia exchanged seriously wounded prisoners on Tuesday, the second stage of a deal agreed in Istanbul.',
    ).events;
    expect(es.map((e) => [e.data.category, e.data.status])).toEqual([['wounded', 'completed']]);
  });

  it('keeps the attacker named in the sentence, even on an occupied town', () => {
    const [e] = run('Ukrainian strike on Horlivka kills three, Russian-installed officials say').events;
    expect(e.data).toMatchObject({ perpetrator: 'UA', killed: { min: 3, max: 3 } });
  });

  it('does not take a rejected call for a truce as a proposal by the side rejecting it', () => {
    const e = run('Moscow rejects calls for an immediate ceasefire').events.find((x) => x.type === 'CeasefireProposed');
    expect(e?.data).toMatchObject({ response: 'rejected' });
    expect(e?.data.proposer).not.toBe('RU');
  });

  it('reads an agreed return of remains', () => {
    const [e] = run('Russia and Ukraine agreed to return the bodies of about 900 soldiers').events;
    expect(e.data).toMatchObject({ category: 'bodies', count: { min: 900, max: 900, approx: true }, status: 'agreed' });
  });
});
