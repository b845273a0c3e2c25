import { givenEvents } from '../shared/given-events';
import { evolveExchange } from './exchanges.projection';

describe('exchanges projection', () => {
  it('records requested against promised, and becomes completed when a report says the swap took place', () => {
    const g = givenEvents();
    const agreed = g.at(
      'incident-x1',
      'ExchangeAgreed',
      {
        category: 'children',
        parties: ['RU', 'UA'],
        count: { min: 10, max: 10, approx: false },
        requested: { min: 400, max: 400, approx: false },
        date: '2025-06-02',
      },
      { reportId: 'r1' },
    );
    const first = evolveExchange(null, agreed, 'x1')!;
    expect(first).toMatchObject({ status: 'agreed', count: { min: 10 }, requested: { min: 400 }, completedAt: null });
    const done = g.fold(evolveExchange, 'x1', [
      agreed,
      g.at('incident-x1', 'ExchangeCompleted', { incidentId: 'x1', reportId: 'r2', count: { min: 12, max: 12, approx: false } }),
    ])!;
    expect(done).toMatchObject({ status: 'completed', count: { min: 12 }, completedBy: 'r2', sourceCount: 1 });
  });
});
