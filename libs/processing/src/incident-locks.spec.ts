import { incidentLocks } from './report-processor';

const attack = (date: string, ...places: object[]) => ({ type: 'AttackReported', data: { target: 'UA', perpetrator: 'RU', date, places } });
const town = (name: string, admin1: string) => ({ name, admin1, country: 'UA', precision: 'settlement' });
const region = (name: string) => ({ name, country: 'UA', precision: 'region' });

/** Whether two candidates' processings would wait for each other: a key both take, one of them exclusively. */
function conflict(a: ReturnType<typeof attack>, b: ReturnType<typeof attack>): boolean {
  const lb = new Map(incidentLocks([b]).map((l) => [l.key, l.exclusive]));
  return incidentLocks([a]).some((l) => lb.has(l.key) && (l.exclusive || lb.get(l.key)));
}

describe('incidentLocks', () => {
  it('candidates conflict exactly when their dates are at most a day apart', () => {
    const a = (date: string) => attack(date, town('Shostka', 'Sumy Oblast'));
    expect(conflict(a('2025-06-02'), a('2025-06-02'))).toBe(true);
    expect(conflict(a('2025-06-02'), a('2025-06-03'))).toBe(true);
    expect(conflict(a('2025-06-03'), a('2025-06-02'))).toBe(true);
    expect(conflict(a('2025-06-02'), a('2025-06-04'))).toBe(false);
    expect(conflict(a('2025-05-31'), a('2025-06-01'))).toBe(true);
  });

  it('towns of one region do not conflict; the region named alone conflicts with each, another region with none', () => {
    const d = '2025-06-02';
    expect(conflict(attack(d, town('Shostka', 'Sumy Oblast')), attack(d, town('Romny', 'Sumy Oblast')))).toBe(false);
    expect(conflict(attack(d, town('Shostka', 'Sumy Oblast')), attack(d, region('Sumy Oblast')))).toBe(true);
    expect(conflict(attack(d, region('Sumy Oblast')), attack(d, region('Sumy Oblast')))).toBe(true);
    expect(conflict(attack(d, region('Kharkiv Oblast')), attack(d, town('Shostka', 'Sumy Oblast')))).toBe(false);
  });

  it('a key wanted both shared and exclusive by one report is taken once, exclusively, and keys come in order', () => {
    const locks = incidentLocks([attack('2025-06-02', town('Shostka', 'Sumy Oblast')), attack('2025-06-02', region('Sumy Oblast'))]);
    expect(locks.filter((l) => l.key.includes('region:sumy'))).toEqual([
      { key: 'incident:AttackReported:2025-06-02:region:sumy', exclusive: true },
      { key: 'incident:AttackReported:2025-06-03:region:sumy', exclusive: true },
    ]);
    expect(locks.map((l) => l.key)).toEqual([...locks.map((l) => l.key)].sort());
  });
});
