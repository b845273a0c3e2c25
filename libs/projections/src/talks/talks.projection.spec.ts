import { givenEvents } from '../shared/given-events';
import { evolveTalks, talksProjection } from './talks.projection';

describe('talks projection', () => {
  it('one row per round: place, parties, mediators, heads of delegation, duration, outcome, next round', () => {
    const g = givenEvents();
    const held = g.at(
      'incident-t1',
      'TalksHeld',
      {
        parties: ['RU', 'UA'],
        mediators: ['TR'],
        location: { name: 'Istanbul', country: 'TR', lat: 41.01, lon: 28.97, precision: 'settlement' },
        date: '2025-06-02',
        durationMinutes: { min: null, max: 60, approx: true },
        leads: [{ name: 'Vladimir Medinsky', party: 'RU' }],
        outcome: 'partial',
        nextRound: { from: '2025-06-20', to: '2025-06-30', location: { name: 'Geneva', country: 'CH', precision: 'settlement' } },
      },
      { reportId: 'r1' },
    );
    const row = g.fold(evolveTalks, 't1', [
      held,
      g.at('incident-t1', 'IncidentCorroborated', { incidentId: 't1', reportId: 'r2', family: 'TalksHeld' }),
    ])!;
    expect(row).toMatchObject({
      date: '2025-06-02',
      place: { name: 'Istanbul', lat: 41.01 },
      parties: ['RU', 'UA'],
      mediators: ['TR'],
      leads: [{ name: 'Vladimir Medinsky', party: 'RU', role: null }],
      durationMinutes: { max: 60 },
      outcome: 'partial',
      nextRound: { from: '2025-06-20', to: '2025-06-30', location: { name: 'Geneva' } },
      sourceCount: 2,
    });
    expect(talksProjection.keyOf(g.at('incident-a9', 'CasualtiesRevised', {}))).toBeNull();
  });

  it('gives talks without a next round told none, and a next round with only a place no days', () => {
    const g = givenEvents();
    const base = { parties: ['RU', 'UA'], date: '2025-06-02' };
    expect(g.fold(evolveTalks, 't2', [g.at('incident-t2', 'TalksHeld', base)])!.nextRound).toBeNull();
    const moscow = { name: 'Moscow', country: 'RU', precision: 'settlement' };
    expect(g.fold(evolveTalks, 't3', [g.at('incident-t3', 'TalksHeld', { ...base, nextRound: { location: moscow } })])!.nextRound).toEqual({
      from: null,
      to: null,
      location: moscow,
    });
  });
});
