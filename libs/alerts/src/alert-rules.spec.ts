import { decideAlert, lowerBound, matchesFilter } from './alert-rules';
import { IncidentEventLike, changeOf, foldIncident } from './incident-view';
import { SubscriptionFilter, filterProblems } from './subscription-filter';

const range = (min: number | null, max: number | null = min) => ({ min, max, approx: false });
let position = 0;
const ev = (type: string, data: Record<string, unknown>, metadata: Record<string, unknown> = {}): IncidentEventLike => ({
  eventId: `e${++position}`,
  type,
  streamPosition: position,
  data,
  metadata,
  recordedAt: new Date(Date.UTC(2025, 2, 1, 0, position)),
});

function attack(opts: { killed?: number; place?: string; oblast?: string; lat?: number; lon?: number; sentence?: string } = {}) {
  position = 0;
  return ev(
    'AttackReported',
    {
      perpetrator: 'RU',
      target: 'UA',
      places: [
        {
          name: opts.place ?? 'Kharkiv',
          admin1: opts.oblast ?? 'Kharkiv Oblast',
          country: 'UA',
          lat: opts.lat ?? 49.99,
          lon: opts.lon ?? 36.23,
          precision: 'settlement',
        },
      ],
      ...(opts.killed !== undefined ? { killed: range(opts.killed) } : {}),
      date: '2025-03-01',
      evidence: [{ reportId: 'r1', sentence: opts.sentence ?? 'A missile hit a power plant in Kharkiv.', start: 0, end: 10 }],
    },
    { reportId: 'r1', confidence: 0.7 },
  );
}

const view = (...events: IncidentEventLike[]) => foldIncident('i1', events)!;
const filter = (f: unknown) => SubscriptionFilter.parse(f);

describe('incident fold', () => {
  it('given a family event, a corroboration and a revision, the view has the latest figures and both sources', () => {
    const v = view(
      attack({ killed: 3 }),
      ev(
        'IncidentCorroborated',
        { incidentId: 'i1', reportId: 'r2', family: 'AttackReported', evidence: [{ reportId: 'r2', sentence: 'Five died.' }] },
        { confidence: 0.9 },
      ),
      ev('CasualtiesRevised', { incidentId: 'i1', reportId: 'r2', killed: range(5), previous: { killed: range(3) } }),
    );
    expect(v).toMatchObject({ family: 'AttackReported', sources: ['r1', 'r2'], confidence: 0.9, version: 3 });
    expect(v.fields.killed).toEqual(range(5));
    expect(v.fields).not.toHaveProperty('evidence');
    expect(v.evidence.map((e) => e.sentence)).toEqual(['A missile hit a power plant in Kharkiv.', 'Five died.']);
  });

  it('a ceasefire response and a completed exchange change the status', () => {
    position = 0;
    const c = view(
      ev('CeasefireProposed', { proposer: 'UA', date: '2025-03-01' }),
      ev('CeasefireResponded', { incidentId: 'i1', reportId: 'r2', response: 'accepted' }),
    );
    expect(c.fields.response).toBe('accepted');
    position = 0;
    const x = view(
      ev('ExchangeAgreed', { category: 'prisoners', status: 'agreed', date: '2025-03-01' }),
      ev('ExchangeCompleted', { incidentId: 'i1', reportId: 'r2', count: range(150) }),
    );
    expect(x.fields).toMatchObject({ status: 'completed', count: range(150) });
  });

  it('names the change each event is', () => {
    expect(
      ['AttackReported', 'IncidentCorroborated', 'CasualtiesRevised', 'CeasefireResponded', 'ExchangeCompleted', 'ReportReceived'].map(
        changeOf,
      ),
    ).toEqual(['reported', 'corroborated', 'casualties', 'status', 'status', null]);
  });
});

describe('filters', () => {
  it('matches family, oblast (however it is written) and minKilled together', () => {
    const f = filter({ families: ['AttackReported'], oblasts: ['kharkiv'], minKilled: 5 });
    expect(matchesFilter(f, view(attack({ killed: 5 })))).toBe(true);
    expect(matchesFilter(f, view(attack({ killed: 4 })))).toBe(false);
    expect(matchesFilter(f, view(attack({})))).toBe(false);
    expect(matchesFilter(f, view(attack({ killed: 9, oblast: 'Donetsk Oblast' })))).toBe(false);
    expect(matchesFilter(filter({ families: ['TalksHeld'] }), view(attack({ killed: 9 })))).toBe(false);
  });

  it('a range counts by its lower bound', () => {
    expect(lowerBound({ min: 3, max: 7, approx: false })).toBe(3);
    expect(lowerBound({ min: null, max: 10, approx: true, best: 8 })).toBe(8);
    expect(lowerBound({ min: null, max: 10, approx: true })).toBeNull();
  });

  it('places, oblasts and a bounding box: any of them will do', () => {
    const v = view(attack({ place: 'Chuhuiv', lat: 49.83, lon: 36.68 }));
    expect(matchesFilter(filter({ places: ['chuhuiv'] }), v)).toBe(true);
    expect(matchesFilter(filter({ places: ['Izium'], oblasts: ['Kharkiv Oblast'] }), v)).toBe(true);
    expect(matchesFilter(filter({ bbox: [36, 49, 37, 50] }), v)).toBe(true);
    expect(matchesFilter(filter({ bbox: [30, 46, 31, 47] }), v)).toBe(false);
    expect(matchesFilter(filter({ places: ['Izium'], bbox: [30, 46, 31, 47] }), v)).toBe(false);
  });

  it('parties, sources, confidence and keywords', () => {
    const one = view(attack({ sentence: 'Drones struck the thermal power plant.' }));
    expect(matchesFilter(filter({ parties: ['RU'] }), one)).toBe(true);
    expect(matchesFilter(filter({ parties: ['TR'] }), one)).toBe(false);
    expect(matchesFilter(filter({ minSources: 2 }), one)).toBe(false);
    expect(matchesFilter(filter({ minConfidence: 0.7 }), one)).toBe(true);
    expect(matchesFilter(filter({ minConfidence: 0.8 }), one)).toBe(false);
    expect(matchesFilter(filter({ keywords: ['power plant'] }), one)).toBe(true);
    expect(matchesFilter(filter({ keywords: ['plan'] }), one)).toBe(false);
  });

  it('counts independent sources for minSources: reports of one outlet are one source', () => {
    const corroboration = (reportId: string, outlet?: string) =>
      ev('IncidentCorroborated', { incidentId: 'i1', reportId, family: 'AttackReported' }, outlet ? { outlet } : {});
    const first = () => ({ ...attack(), metadata: { reportId: 'r1', outlet: 'kyivindependent.com' } });
    const sameOutlet = view(first(), corroboration('r2', 'kyivindependent.com'), corroboration('r3', 'kyivindependent.com'));
    expect(sameOutlet.sources).toHaveLength(3);
    expect(matchesFilter(filter({ minSources: 2 }), sameOutlet)).toBe(false);
    const twoOutlets = view(first(), corroboration('r2', 'kyivindependent.com'), corroboration('r3', 'reuters.com'));
    expect(matchesFilter(filter({ minSources: 2 }), twoOutlets)).toBe(true);
    expect(matchesFilter(filter({ minSources: 3 }), twoOutlets)).toBe(false);
    // Events that do not name their outlet (recorded before outlets were) count one report, one source.
    const unnamed = view(attack(), corroboration('r2'));
    expect(matchesFilter(filter({ minSources: 2 }), unnamed)).toBe(true);
  });

  it('names what is wrong with a filter', () => {
    expect(filterProblems({ families: ['Picnic'], bbox: [10, 10, 0, 0], colour: 'red' }).join('\n')).toMatch(
      /filter\.families.*\n.*filter\.bbox[\s\S]*colour/,
    );
    expect(filterProblems({ families: ['AttackReported'], minSources: 2 })).toEqual([]);
  });
});

describe('alert decisions', () => {
  const f = filter({ minKilled: 5 });
  it('given no alert yet: the first one as soon as the incident matches, whatever event made it match', () => {
    expect(
      decideAlert({ filter: f, notifyOn: ['first'], view: view(attack({ killed: 2 })), change: 'reported', alreadyAlerted: false }),
    ).toEqual({ kind: 'none' });
    expect(
      decideAlert({ filter: f, notifyOn: ['first'], view: view(attack({ killed: 6 })), change: 'casualties', alreadyAlerted: false }),
    ).toEqual({ kind: 'first' });
  });

  it('given an alert already sent: a follow-up only for a change asked for', () => {
    const v = view(attack({ killed: 6 }));
    expect(decideAlert({ filter: f, notifyOn: ['first'], view: v, change: 'corroborated', alreadyAlerted: true })).toEqual({
      kind: 'none',
    });
    expect(decideAlert({ filter: f, notifyOn: ['first', 'casualties'], view: v, change: 'corroborated', alreadyAlerted: true })).toEqual({
      kind: 'none',
    });
    expect(decideAlert({ filter: f, notifyOn: ['first', 'casualties'], view: v, change: 'casualties', alreadyAlerted: true })).toEqual({
      kind: 'follow-up',
    });
    expect(decideAlert({ filter: f, notifyOn: ['first', 'status'], view: v, change: 'status', alreadyAlerted: true })).toEqual({
      kind: 'follow-up',
    });
    expect(decideAlert({ filter: f, notifyOn: ['first', 'status'], view: v, change: 'reported', alreadyAlerted: true })).toEqual({
      kind: 'none',
    });
  });
});
