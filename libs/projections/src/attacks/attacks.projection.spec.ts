import { givenEvents } from '../shared/given-events';
import { attacksProjection, evolveAttack } from './attacks.projection';

describe('attacks projection', () => {
  const g = givenEvents();
  const reported = g.at(
    'incident-a1',
    'AttackReported',
    {
      perpetrator: 'RU',
      target: 'UA',
      weapons: ['missile', 'drone'],
      places: [
        { name: 'Kramatorsk', admin1: 'Donetsk Oblast', country: 'UA', lat: 48.72, lon: 37.56, precision: 'settlement' },
        { name: 'Kharkiv Oblast', country: 'UA', precision: 'region' },
      ],
      killed: { min: 5, max: null, approx: false },
      date: '2025-06-01',
      evidence: [{ reportId: 'r1', sentence: 'Five people were killed in Kramatorsk.', start: 0, end: 38 }],
    },
    { reportId: 'r1', incidentId: 'a1', feedId: 'f1', confidence: 0.9, extractorVersion: 'x1' },
  );
  const corroborated = g.at(
    'incident-a1',
    'IncidentCorroborated',
    {
      incidentId: 'a1',
      reportId: 'r2',
      eventId: 'e2',
      family: 'AttackReported',
      evidence: [{ reportId: 'r2', sentence: 'Seven killed.', start: 3, end: 16 }],
    },
    { reportId: 'r2' },
  );
  const revised = g.at('incident-a1', 'CasualtiesRevised', {
    incidentId: 'a1',
    reportId: 'r2',
    killed: { min: 7, max: 7, approx: false },
    injured: { min: 12, max: 12, approx: false },
    previous: { killed: { min: 5, max: null, approx: false } },
  });

  it('opens one row per incident with places, oblasts, figures and its first source', () => {
    const row = evolveAttack(null, reported, 'a1')!;
    expect(row).toMatchObject({
      id: 'a1',
      date: '2025-06-01',
      perpetrator: 'RU',
      target: 'UA',
      weapons: ['missile', 'drone'],
      oblasts: ['Donetsk Oblast', 'Kharkiv Oblast'],
      killed: { min: 5, max: null, approx: false },
      injured: null,
      sourceCount: 1,
    });
    expect(row.places[0]).toEqual({
      name: 'Kramatorsk',
      admin1: 'Donetsk Oblast',
      oblast: 'Donetsk Oblast',
      country: 'UA',
      lat: 48.72,
      lon: 37.56,
      precision: 'settlement',
    });
    expect(row.sources[0]).toMatchObject({
      reportId: 'r1',
      feedId: 'f1',
      confidence: 0.9,
      evidence: [{ sentence: 'Five people were killed in Kramatorsk.' }],
    });
  });

  it('counts each corroborating report once and keeps the latest figures with their history', () => {
    const row = g.fold(evolveAttack, 'a1', [reported, corroborated, corroborated, revised])!;
    expect(row.sourceCount).toBe(2);
    expect(row.sources.map((s) => s.reportId)).toEqual(['r1', 'r2']);
    expect(row.killed).toEqual({ min: 7, max: 7, approx: false });
    expect(row.injured).toEqual({ min: 12, max: 12, approx: false });
    expect(row.revisions).toEqual([
      expect.objectContaining({
        reportId: 'r2',
        killed: { min: 7, max: 7, approx: false },
        previous: { killed: { min: 5, max: null, approx: false }, injured: null },
      }),
    ]);
  });

  it('counts independent sources: a second report of the same outlet adds a report, not a source', () => {
    const from = (reportId: string, outlet: string) =>
      g.at(
        'incident-a1',
        'IncidentCorroborated',
        { incidentId: 'a1', reportId, eventId: `e-${reportId}`, family: 'AttackReported', evidence: [] },
        { reportId, outlet },
      );
    const first = { ...reported, metadata: { ...reported.metadata, outlet: 'suspilne.media' } };
    const sameOutlet = g.fold(evolveAttack, 'a1', [first, from('r2', 'suspilne.media')])!;
    expect(sameOutlet).toMatchObject({ sourceCount: 1, reportCount: 2 });
    expect(sameOutlet.sources.map((s) => s.outlet)).toEqual(['suspilne.media', 'suspilne.media']);
    const another = g.fold(evolveAttack, 'a1', [first, from('r2', 'suspilne.media'), from('r3', 'reuters.com')])!;
    expect(another).toMatchObject({ sourceCount: 2, reportCount: 3 });
  });

  it('ignores events of other families and events of incidents it never opened', () => {
    const talks = g.at('incident-t1', 'IncidentCorroborated', { incidentId: 't1', reportId: 'r3', family: 'TalksHeld' });
    expect(attacksProjection.keyOf(talks)).toBeNull();
    expect(attacksProjection.keyOf(revised)).toBe('a1');
    expect(evolveAttack(null, revised, 'a1')).toBeNull();
    const onReport = g.at('report-r1', 'AttackReported', reported.data);
    expect(attacksProjection.keyOf(onReport)).toBeNull();
  });
});
