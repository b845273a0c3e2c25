import { eventDate, findDates, futureWindow, mentionsEarlierYear, olderThan, publishDay } from './dates';

// 2025-06-18 is a Wednesday.
const PUB = '2025-06-18';

describe('dates', () => {
  it('takes the UTC day of the publish time', () => {
    expect(publishDay('2025-06-18T23:30:00-02:00')).toBe('2025-06-19');
  });

  it.each([
    ['A drone hit the depot on Monday night.', '2025-06-16'],
    ['Tuesday’s strike destroyed a school.', '2025-06-17'],
    ['Shelling resumed on Wednesday morning.', '2025-06-18'],
    ['The town was struck yesterday.', '2025-06-17'],
    ['Rescuers worked through last night.', '2025-06-17'],
    ['The bridge was hit on 12 June.', '2025-06-12'],
    ['The bridge was hit on June 12th.', '2025-06-12'],
  ])('dates "%s"', (s, want) => expect(eventDate(s, PUB)).toBe(want));

  it('skips the day something was said', () => {
    expect(eventDate('The governor said on Wednesday that the strike on Friday killed four.', PUB)).toBe('2025-06-13');
  });

  it('reads ranges such as "between June 20 and 30"', () => {
    const [d] = findDates('Talks could resume between June 20 and 30.', '2025-06-02');
    expect([d.from, d.to]).toEqual(['2025-06-20', '2025-06-30']);
  });

  it('resolves a bare weekday forwards for schedules', () => {
    const [d] = findDates('The delegations will meet on Friday.', PUB, true);
    expect(d.from).toBe('2025-06-20');
  });

  it('puts a December date in a January report into the previous year', () => {
    expect(eventDate('The attack on 28 December killed two.', '2025-01-05')).toBe('2024-12-28');
  });

  it('reads "last week" as a span, not a day', () => {
    const [d] = findDates('Officials met last week.', PUB);
    expect([d.from, d.to]).toEqual(['2025-06-11', '2025-06-17']);
    expect(eventDate('Officials met last week.', PUB)).toBeUndefined();
  });

  it('spots references to earlier years', () => {
    expect(mentionsEarlierYear('Russian forces left the town in March 2022.', PUB)).toBe(true);
    expect(mentionsEarlierYear('The 2025 season opened.', PUB)).toBe(false);
  });
});

describe('olderThan', () => {
  const pub = '2025-09-12';
  it('is true when every day written out is older than the limit and nothing nearer is named', () => {
    expect(olderThan('the delegations last met in Istanbul on 23 July, when they agreed to swap', pub, 7)).toBe(true);
    expect(olderThan('the Palm Sunday strike on 13 August', pub, 7)).toBe(true);
  });
  it('is false with a nearer day, a recent date or no date at all', () => {
    expect(olderThan('On Thursday the exchange agreed on 23 July took place', pub, 7)).toBe(false);
    expect(olderThan('prisoners were swapped on 10 September', pub, 7)).toBe(false);
    expect(olderThan('prisoners were swapped today under the 23 July deal', pub, 7)).toBe(false);
    expect(olderThan('prisoners were swapped', pub, 7)).toBe(false);
  });
});

describe('month and year', () => {
  it('does not read the year after a month as a day ("January 2023" is not January 20)', () => {
    expect(findDates('from 6 January 2023 until 7 January 2023', '2023-01-05', true).map((d) => d.from)).toEqual([
      '2023-01-06',
      '2023-01-07',
    ]);
    expect(findDates('in January 2023', '2023-01-05')).toEqual([]);
  });

  it.each([
    ['They will meet again in two weeks.', '2025-07-02', '2025-07-02'],
    ["Talks resume in ten days' time.", '2025-06-28', '2025-06-28'],
    ['A deal is expected within a month.', '2025-06-19', '2025-07-18'],
    ['The next round is due next month.', '2025-07-01', '2025-07-31'],
    ['A summit could follow later this month.', '2025-06-19', '2025-06-30'],
    ['The talks resume in early July.', '2025-07-01', '2025-07-10'],
    ['The talks resume in mid-August.', '2025-08-11', '2025-08-20'],
    ['The talks resume at the end of June.', '2025-06-21', '2025-06-30'],
    ['The talks resume in late May.', '2026-05-21', '2026-05-31'],
    ['They meet again on June 25.', '2025-06-25', '2025-06-25'],
    ['They meet again on Friday.', '2025-06-20', '2025-06-20'],
  ])('reads when "%s" will be', (s, from, to) => {
    expect(futureWindow(s, PUB)).toMatchObject({ from, to });
  });

  it('reads "after Easter" as from the day after the earlier Easter, open-ended', () => {
    // 2025: both Easters fall on April 20; 2026: April 5 (Western) and April 12 (Orthodox).
    expect(futureWindow('Talks resume after Easter.', '2025-03-03')).toEqual({ start: 13, end: 25, from: '2025-04-21' });
    expect(futureWindow('Talks resume after Easter.', PUB)).toMatchObject({ from: '2026-04-06' });
    expect(futureWindow('Talks resume after Orthodox Easter.', PUB)).toMatchObject({ from: '2026-04-13' });
  });

  it('finds nothing still to come in the past or in words without a time', () => {
    expect(futureWindow('They met on June 2 and will meet again soon.', PUB)).toBeUndefined();
  });
});
