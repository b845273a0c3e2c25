import { givenEvents } from '../shared/given-events';
import { evolveReport, reportsProjection } from './reports.projection';

describe('reports projection', () => {
  it('lists a report with the events its latest processing took from it', () => {
    const g = givenEvents();
    const received = g.at('report-r1', 'ReportReceived', {
      reportId: 'r1',
      feedId: 'f1',
      url: 'https://news.example/1',
      title: 'Strike on Kramatorsk',
      publishedAt: '2025-06-01T08:00:00Z',
      contentHash: 'h',
    });
    const attack = g.at('incident-a1', 'AttackReported', { target: 'UA', places: [], date: '2025-06-01' }, { reportId: 'r1' });
    const demands = g.at('report-r1', 'DemandsIssued', { by: 'RU', demands: ['x'] }, { reportId: 'r1' });
    const processed = g.at('report-r1', 'ReportProcessed', {
      reportId: 'r1',
      extractorVersion: 'x1',
      eventIds: [attack.eventId, demands.eventId],
      incidentIds: ['a1'],
    });
    expect(reportsProjection.keyOf(attack)).toBe('r1');
    const row = g.fold(evolveReport, 'r1', [received, attack, demands, processed])!;
    expect(row).toMatchObject({
      feedId: 'f1',
      title: 'Strike on Kramatorsk',
      publishedAt: '2025-06-01T08:00:00.000Z',
      outcome: 'extracted',
      incidentIds: ['a1'],
    });
    expect(row.events.map((e) => [e.type, e.incidentId])).toEqual([
      ['AttackReported', 'a1'],
      ['DemandsIssued', null],
    ]);
    expect(row.recent).toEqual([]);
  });

  it('a report with nothing to take is ignored; one not yet processed is pending', () => {
    const g = givenEvents();
    const received = g.at('report-r2', 'ReportReceived', { reportId: 'r2', title: 'Weather', contentHash: 'h' });
    expect(evolveReport(null, received, 'r2')!.outcome).toBe('pending');
    const row = g.fold(evolveReport, 'r2', [
      received,
      g.at('report-r2', 'ReportProcessed', { reportId: 'r2', extractorVersion: 'x1', eventIds: [], ignored: 'no event' }),
    ])!;
    expect(row).toMatchObject({ outcome: 'ignored', ignored: 'no event', events: [] });
  });
});
