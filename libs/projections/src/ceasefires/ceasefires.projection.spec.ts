import { givenEvents } from '../shared/given-events';
import { evolveCeasefire } from './ceasefires.projection';

describe('ceasefires projection', () => {
  it('keeps the current response, updated by later reports, with its history', () => {
    const g = givenEvents();
    const row = g.fold(evolveCeasefire, 'c1', [
      g.at(
        'incident-c1',
        'CeasefireProposed',
        {
          proposer: 'RU',
          addressee: 'UA',
          durationDays: { min: 2, max: 3, approx: false },
          scope: 'partial',
          purpose: 'retrieve bodies',
          date: '2025-06-02',
        },
        { reportId: 'r1' },
      ),
      g.at('incident-c1', 'IncidentCorroborated', { incidentId: 'c1', reportId: 'r2', family: 'CeasefireProposed' }),
      g.at('incident-c1', 'CeasefireResponded', { incidentId: 'c1', reportId: 'r2', response: 'rejected' }),
    ])!;
    expect(row).toMatchObject({
      proposer: 'RU',
      addressee: 'UA',
      scope: 'partial',
      purpose: 'retrieve bodies',
      response: 'rejected',
      sourceCount: 2,
    });
    expect(row.unconditional).toBeNull();
    expect(row.responses.map((r) => r.response)).toEqual(['pending', 'rejected']);
  });
});
