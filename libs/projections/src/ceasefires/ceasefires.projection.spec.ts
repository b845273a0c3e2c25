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

  it('keeps the conditions of the first report and adds those later reports name, each once', () => {
    const g = givenEvents();
    const proposed = g.at(
      'incident-c2',
      'CeasefireProposed',
      { proposer: 'UA', addressee: 'RU', scope: 'full', unconditional: true, date: '2025-06-02' },
      { reportId: 'r1' },
    );
    const moscow = { by: 'RU', text: 'Kyiv halts mobilisation' };
    const later = (reportId: string, conditions: { by: string; text: string }[]) =>
      g.at('incident-c2', 'IncidentCorroborated', { incidentId: 'c2', reportId, family: 'CeasefireProposed', revised: { conditions } });
    const answered = g.fold(evolveCeasefire, 'c2', [
      proposed,
      later('r2', [moscow]),
      later('r3', [{ ...moscow, text: 'Kyiv halts mobilisation.' }]),
    ])!;
    // Only the other side's conditions: the offer stays unconditional.
    expect(answered).toMatchObject({ conditions: [moscow], unconditional: true, sourceCount: 3 });
    const kyiv = { by: 'UA', text: 'Russian troops pull back from the Zaporizhzhia plant' };
    expect(g.fold(evolveCeasefire, 'c2', [proposed, later('r2', [moscow]), later('r4', [kyiv])])).toMatchObject({
      conditions: [moscow, kyiv],
      unconditional: false,
    });
    const first = g.fold(evolveCeasefire, 'c3', [
      g.at(
        'incident-c3',
        'CeasefireProposed',
        { proposer: 'RU', date: '2025-06-02', unconditional: false, conditions: [moscow] },
        { reportId: 'r1' },
      ),
    ])!;
    expect(first.conditions).toEqual([moscow]);
    expect(
      g.fold(evolveCeasefire, 'c4', [g.at('incident-c4', 'CeasefireProposed', { proposer: 'RU', date: '2025-06-02' })])!.conditions,
    ).toEqual([]);
  });
});
