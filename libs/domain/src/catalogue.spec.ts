import { assertValidEvent, EventValidationError, validateEvent } from './catalogue';

describe('event catalogue', () => {
  const attack = {
    target: 'UA',
    perpetrator: 'RU',
    weapons: ['drone'],
    places: [{ name: 'Kharkiv', country: 'UA', admin1: 'Kharkiv Oblast', precision: 'settlement', lat: 49.99, lon: 36.23 }],
    killed: { min: 5, max: null, approx: false },
    date: '2025-06-02',
  };

  it('accepts a well-formed AttackReported', () => {
    expect(validateEvent('AttackReported', attack)).toEqual([]);
  });

  it('names the field that is wrong', () => {
    const problems = validateEvent('AttackReported', { ...attack, date: '2 June', places: [] });
    expect(problems.join(' ')).toMatch(/date/);
    expect(problems.join(' ')).toMatch(/places/);
  });

  it('refuses unknown types and weapons', () => {
    expect(validateEvent('AttackHappened', {})).toEqual(['unknown event type "AttackHappened"']);
    expect(validateEvent('AttackReported', { ...attack, weapons: ['laser'] }).join()).toMatch(/weapons/);
  });

  it('throws a typed error with a stable code', () => {
    expect(() => assertValidEvent('TalksHeld', { parties: [] })).toThrow(EventValidationError);
    try {
      assertValidEvent('TalksHeld', { parties: [] });
    } catch (e) {
      expect((e as EventValidationError).code).toBe('EVENT.INVALID');
      expect((e as Error).message).toMatch(/TalksHeld/);
    }
  });

  it('takes the conditions of a ceasefire, by side, and still takes a ceasefire stored without them', () => {
    const truce = { proposer: 'RU', addressee: 'UA', scope: 'full', unconditional: false, date: '2025-06-02' };
    expect(validateEvent('CeasefireProposed', truce)).toEqual([]);
    expect(validateEvent('CeasefireProposed', { ...truce, conditions: [{ by: 'RU', text: 'Kyiv halts mobilisation' }] })).toEqual([]);
    expect(validateEvent('CeasefireProposed', { ...truce, conditions: [{ by: 'RU', text: '' }] }).join()).toMatch(/conditions/);
  });
});
