import { extract } from '../extract';

const run = (title: string, content = '', publishedAt = '2025-06-18T10:00:00Z') => extract({ id: 'o', title, content, publishedAt }).events;

describe('optional families', () => {
  it('schedules a round with a concrete future date', () => {
    const e = run('Russian and Ukrainian negotiators will meet in Istanbul on Monday').find((x) => x.type === 'TalksScheduled');
    expect(e?.data).toMatchObject({
      parties: ['RU', 'UA'],
      window: { from: '2025-06-23', to: '2025-06-23' },
      location: { name: 'Istanbul' },
    });
  });

  it('does not schedule a round that was called off', () => {
    expect(run('Talks between Russia and Ukraine set for Monday in Geneva cancelled').map((e) => e.type)).toEqual([]);
  });

  it('reads demands with the side that sets them', () => {
    const e = run('Memorandum published', 'Moscow demanded that Kyiv withdraw its forces from the Kherson region.').find(
      (x) => x.type === 'DemandsIssued',
    );
    expect(e?.data).toMatchObject({ by: 'RU', demands: ['Kyiv withdraw its forces from the Kherson region'] });
  });

  it('derives a rejection from a declined truce', () => {
    const e = run('Ukraine rejects Russia’s offer of a three-day truce').find((x) => x.type === 'ProposalRejected');
    expect(e?.data).toMatchObject({ by: 'UA', proposalOf: 'RU' });
  });
});
