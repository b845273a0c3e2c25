import { givenEvents } from '../shared/given-events';
import { evolveTimeline, timelineProjection } from './timeline.projection';

describe('timeline projection', () => {
  it('writes one line per incident and rewrites it when figures change', () => {
    const g = givenEvents();
    const reported = g.at(
      'incident-a1',
      'AttackReported',
      {
        perpetrator: 'RU',
        target: 'UA',
        weapons: ['glide_bomb'],
        places: [{ name: 'Kramatorsk', admin1: 'Donetsk Oblast', country: 'UA', precision: 'settlement' }],
        killed: { min: 5, max: null, approx: false },
        date: '2025-06-01',
      },
      { reportId: 'r1' },
    );
    const first = evolveTimeline(null, reported, 'a1')!;
    expect(first.summary).toBe('RU attack on Kramatorsk (glide bomb): at least 5 killed');
    const revised = g.fold(evolveTimeline, 'a1', [
      reported,
      g.at('incident-a1', 'CasualtiesRevised', {
        incidentId: 'a1',
        reportId: 'r2',
        killed: { min: 7, max: 7, approx: false },
        previous: {},
      }),
    ])!;
    expect(revised.summary).toBe('RU attack on Kramatorsk (glide bomb): 7 killed');
    expect(revised).toMatchObject({ family: 'AttackReported', kind: 'incident', date: '2025-06-01' });
  });

  it('keys statements on report streams by their event id', () => {
    const g = givenEvents();
    const e = g.at('report-r1', 'DemandsIssued', { by: 'RU', demands: ['withdrawal from four regions'] }, { reportId: 'r1' });
    expect(timelineProjection.keyOf(e)).toBe(e.eventId);
    expect(evolveTimeline(null, e, e.eventId)).toMatchObject({
      kind: 'statement',
      summary: 'RU demanded withdrawal from four regions',
      date: '2025-06-02',
    });
  });

  it('summarises every family', () => {
    const g = givenEvents();
    const talks = evolveTimeline(
      null,
      g.at('incident-t', 'TalksHeld', {
        parties: ['RU', 'UA'],
        mediators: ['TR'],
        location: { name: 'Istanbul', country: 'TR', precision: 'settlement' },
        date: '2025-06-02',
        outcome: 'no_progress',
      }),
      't',
    )!;
    expect(talks.summary).toBe('Talks between RU, UA, TR in Istanbul: no progress');
    const cf = evolveTimeline(
      null,
      g.at('incident-c', 'CeasefireProposed', { proposer: 'UA', addressee: 'RU', scope: 'full', date: '2025-06-02' }),
      'c',
    )!;
    expect(cf.summary).toBe('UA proposed a full ceasefire to RU: pending');
    const ex = evolveTimeline(
      null,
      g.at('incident-x', 'ExchangeAgreed', {
        category: 'bodies',
        parties: ['RU', 'UA'],
        count: { min: 6000, max: 6000, approx: false },
        date: '2025-06-02',
      }),
      'x',
    )!;
    expect(ex.summary).toBe('Exchange of 6000 bodies between RU, UA: agreed');
  });
});
