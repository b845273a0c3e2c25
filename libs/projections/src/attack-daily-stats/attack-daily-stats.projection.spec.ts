import { givenEvents } from '../shared/given-events';
import { AttackStatsRow, evolveAttackStats, statDeltas } from './attack-daily-stats.projection';

describe('attack daily stats projection', () => {
  const g = givenEvents();
  const reported = g.at('incident-a1', 'AttackReported', {
    target: 'UA',
    places: [
      { name: 'Kramatorsk', admin1: 'Donetsk Oblast', country: 'UA', precision: 'settlement' },
      { name: 'Sloviansk', admin1: 'Donetsk Oblast', country: 'UA', precision: 'settlement' },
    ],
    killed: { min: 5, max: null, approx: false },
    injured: { min: 10, max: 12, approx: true, best: 11 },
    date: '2025-06-01',
  });

  it('counts an incident once per oblast and once in the day total', () => {
    const row = evolveAttackStats(null, reported, 'a1')!;
    expect(row).toMatchObject({ day: '2025-06-01', oblasts: ['Donetsk Oblast'], killed: 5, injured: 11 });
    expect(statDeltas([row])).toEqual([
      { oblast: 'Donetsk Oblast', day: '2025-06-01', incidents: 1, killed: 5, injured: 11 },
      { oblast: '*', day: '2025-06-01', incidents: 1, killed: 5, injured: 11 },
    ]);
  });

  it('a revision moves only the difference', () => {
    const first = evolveAttackStats(null, reported, 'a1')!;
    const counted: AttackStatsRow = { ...first, counted: { day: first.day, oblasts: first.oblasts, killed: 5, injured: 11 } };
    const revised = evolveAttackStats(
      counted,
      g.at('incident-a1', 'CasualtiesRevised', {
        incidentId: 'a1',
        reportId: 'r2',
        killed: { min: 8, max: 8, approx: false },
        previous: {},
      }),
      'a1',
    )!;
    expect(statDeltas([revised])).toEqual([
      { oblast: 'Donetsk Oblast', day: '2025-06-01', incidents: 0, killed: 3, injured: 0 },
      { oblast: '*', day: '2025-06-01', incidents: 0, killed: 3, injured: 0 },
    ]);
  });

  it('files incidents without an oblast under unknown', () => {
    const e = g.at('incident-a2', 'AttackReported', {
      target: 'UA',
      places: [{ name: 'Ukraine', country: 'UA', precision: 'country' }],
      date: '2025-06-03',
    });
    expect(evolveAttackStats(null, e, 'a2')!.oblasts).toEqual(['unknown']);
  });
});
