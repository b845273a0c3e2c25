import { findCounts, parseCardinal, parseDurationMinutes, parseRange, minutesToDays } from './numbers';

const mm = (r: ReturnType<typeof parseRange>) => r && { min: r.min, max: r.max, approx: r.approx };

describe('numbers', () => {
  it.each([
    ['1,200', 1200],
    ['twenty-three', 23],
    ['two hundred and forty-six', 246],
    ['a thousand', 1000],
    ['2.5 million', 2_500_000],
    ['seventeen', 17],
    ['four thousand five hundred', 4500],
    ['ninety nine', 99],
  ])('parses the cardinal %s', (s, n) => expect(parseCardinal(s)).toBe(n));

  it('rejects words that are not numbers', () => expect(parseCardinal('several people')).toBeUndefined());

  it.each([
    ['at least five', { min: 5, max: null, approx: false }],
    ['two to three', { min: 2, max: 3, approx: false }],
    ['about 6,000', { min: 6000, max: 6000, approx: true }],
    ['a dozen', { min: 12, max: 12, approx: true }],
    ['more than 20', { min: 21, max: null, approx: false }],
    ['more than a dozen', { min: 13, max: null, approx: false }],
    ['dozens', { min: 24, max: null, approx: true }],
    ['up to 85', { min: null, max: 85, approx: false }],
    ['nearly 300', { min: null, max: 300, approx: true }],
    ['35-37', { min: 35, max: 37, approx: false }],
    ['two or three', { min: 2, max: 3, approx: false }],
    ['no fewer than forty', { min: 40, max: null, approx: false }],
    ['fewer than 10', { min: null, max: 9, approx: false }],
    ['hundreds', { min: 200, max: null, approx: true }],
  ])('reads %s as a Range', (phrase, want) => expect(mm(parseRange(phrase))).toEqual(want));

  it('keeps the phrase and the best figure', () => {
    const r = parseRange('about 6,000');
    expect(r?.best).toBe(6000);
    expect(r?.phrase).toBe('about 6,000');
  });

  it('finds counts with offsets in running text', () => {
    const text = 'Officials said at least 14 people died and 1,350 were hurt.';
    const found = findCounts(text).map((c) => text.slice(c.start, c.end));
    expect(found).toEqual(['at least 14', '1,350']);
  });

  it.each([
    ['barely an hour', { min: null, max: 60, approx: true }],
    ['about four and a half hours', { min: 270, max: 270, approx: true }],
    ['roughly an hour', { min: 60, max: 60, approx: true }],
    ['nearly two hours', { min: null, max: 120, approx: true }],
    ['about an hour and three quarters', { min: 105, max: 105, approx: true }],
    ['some 12 hours', { min: 720, max: 720, approx: true }],
    ['90 minutes', { min: 90, max: 90, approx: false }],
    ['three-hour', { min: 180, max: 180, approx: false }],
  ])('reads the duration %s in minutes', (p, want) => expect(mm(parseDurationMinutes(p))).toEqual(want));

  it('converts a 30-hour truce to 1.25 days', () => {
    const r = minutesToDays(parseDurationMinutes('30-hour')!);
    expect([r.min, r.max]).toEqual([1.25, 1.25]);
  });
});
