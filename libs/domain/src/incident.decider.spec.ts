import { findMatch, identityOf, IncidentSummary, isSameIncident, revisesRange, revisionsOf, CandidateLike } from './incident.decider';

const kharkiv = { name: 'Kharkiv', admin1: 'Kharkiv Oblast', country: 'UA', precision: 'settlement' as const };
const attack = (over: Record<string, unknown> = {}): CandidateLike => ({
  type: 'AttackReported',
  data: { target: 'UA', perpetrator: 'RU', places: [kharkiv], date: '2025-06-02', killed: { min: 3, max: 3, approx: false }, ...over },
});
const summaryOf = (c: CandidateLike, over: Partial<IncidentSummary> = {}): IncidentSummary => ({
  ...identityOf(c),
  incidentId: 'i-1',
  sources: ['r1'],
  version: 1,
  ...over,
});

describe('incident decider', () => {
  it('given an attack on record, a report of the same place a day later is the same incident', () => {
    const onRecord = summaryOf(attack());
    expect(isSameIncident(attack({ date: '2025-06-03' }), onRecord)).toBe(true);
  });

  it('two days apart, or another place, or another family is a new incident', () => {
    const onRecord = summaryOf(attack());
    expect(isSameIncident(attack({ date: '2025-06-04' }), onRecord)).toBe(false);
    expect(isSameIncident(attack({ places: [{ ...kharkiv, name: 'Sumy', admin1: 'Sumy Oblast' }] }), onRecord)).toBe(false);
    expect(isSameIncident({ type: 'TalksHeld', data: { parties: ['RU', 'UA'], date: '2025-06-02', location: kharkiv } }, onRecord)).toBe(
      false,
    );
  });

  it('a region-only report matches an attack in that region; spellings and accents are folded', () => {
    const onRecord = summaryOf(attack());
    expect(isSameIncident(attack({ places: [{ name: 'Kharkiv Oblast', country: 'UA', precision: 'region' }] }), onRecord)).toBe(true);
    expect(isSameIncident(attack({ places: [{ ...kharkiv, name: 'KHARKIV' }] }), onRecord)).toBe(true);
  });

  it('a region named on its own matches an attack on any settlement of it; a settlement with its region named matches only that settlement', () => {
    const shostka = { name: 'Shostka', admin1: 'Sumy Oblast', country: 'UA', precision: 'settlement' as const };
    const sumyCity = { name: 'Sumy', admin1: 'Sumy Oblast', country: 'UA', precision: 'settlement' as const };
    const sumyRegion = { name: 'Sumy Oblast', country: 'UA', precision: 'region' as const };
    const inShostka = summaryOf(attack({ places: [shostka] }));
    expect(isSameIncident(attack({ places: [sumyRegion] }), inShostka)).toBe(true);
    const inSumyCity = summaryOf(attack({ places: [sumyCity] }));
    expect(isSameIncident(attack({ places: [shostka, sumyRegion] }), inSumyCity)).toBe(false);
    expect(isSameIncident(attack({ places: [{ ...shostka, name: 'Bilopillia' }] }), inShostka)).toBe(false);
  });

  it('ceasefires match by proposer and scope; exchanges by category', () => {
    const cf = (proposer: string, scope = 'full'): CandidateLike => ({
      type: 'CeasefireProposed',
      data: { proposer, scope, date: '2025-06-02' },
    });
    expect(isSameIncident(cf('RU'), summaryOf(cf('RU')))).toBe(true);
    expect(isSameIncident(cf('UA'), summaryOf(cf('RU')))).toBe(false);
    const ex = (category: string): CandidateLike => ({
      type: 'ExchangeAgreed',
      data: { category, parties: ['RU', 'UA'], date: '2025-06-02' },
    });
    expect(isSameIncident(ex('bodies'), summaryOf(ex('bodies')))).toBe(true);
    expect(isSameIncident(ex('prisoners'), summaryOf(ex('bodies')))).toBe(false);
  });

  it('findMatch prefers the nearest date', () => {
    const near = summaryOf(attack({ date: '2025-06-03' }), { incidentId: 'near' });
    const far = summaryOf(attack({ date: '2025-06-01' }), { incidentId: 'far', sources: ['a', 'b', 'c'] });
    expect(findMatch(attack({ date: '2025-06-03' }), [far, near])?.incidentId).toBe('near');
    expect(findMatch(attack({ date: '2025-07-03' }), [far, near])).toBeNull();
  });

  it('casualties are revised when a later figure differs and is not lower', () => {
    expect(revisesRange({ min: 3, max: 3, approx: false }, { min: 5, max: null, approx: false })).toBe(true);
    expect(revisesRange({ min: 5, max: 5, approx: false }, { min: 3, max: 3, approx: false })).toBe(false);
    expect(revisesRange({ min: 5, max: 5, approx: false }, { min: 5, max: 5, approx: false })).toBe(false);
    expect(revisesRange(undefined, { min: 1, max: 1, approx: false })).toBe(true);
    const onRecord = summaryOf(attack());
    expect(revisionsOf(attack({ killed: { min: 7, max: 7, approx: false } }), onRecord)).toEqual({
      casualties: { killed: { min: 7, max: 7, approx: false } },
    });
    expect(revisionsOf(attack(), onRecord)).toEqual({});
  });

  it('a ceasefire answered, an exchange completed, are status changes', () => {
    const cf: CandidateLike = { type: 'CeasefireProposed', data: { proposer: 'RU', date: '2025-06-02', response: 'rejected' } };
    expect(revisionsOf(cf, summaryOf({ ...cf, data: { ...cf.data, response: 'pending' } }))).toEqual({ response: 'rejected' });
    const ex: CandidateLike = { type: 'ExchangeAgreed', data: { category: 'prisoners', date: '2025-06-02', status: 'completed' } };
    expect(revisionsOf(ex, summaryOf({ ...ex, data: { ...ex.data, status: 'agreed' } }))).toEqual({ completed: true });
    const conditioned: CandidateLike = { ...cf, data: { ...cf.data, conditions: [{ by: 'RU', text: 'Kyiv halts mobilisation' }] } };
    expect(revisionsOf(conditioned, summaryOf({ ...cf, data: { ...cf.data, response: 'rejected' } }))).toEqual({
      conditions: [{ by: 'RU', text: 'Kyiv halts mobilisation' }],
    });
  });
});
