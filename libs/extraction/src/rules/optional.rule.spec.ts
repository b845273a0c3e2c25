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

  it.each([
    [
      'Moscow said the Black Sea truce would take effect only after Western sanctions on its farm bank are lifted.',
      'RU',
      'Western sanctions on its farm bank are lifted',
    ],
    [
      'The Kremlin said it would accept the energy ceasefire on condition that Ukraine stops receiving Western weapons.',
      'RU',
      'Ukraine stops receiving Western weapons',
    ],
    [
      'Kyiv said there could be no peace deal until Russian troops leave the occupied territories.',
      'UA',
      'Russian troops leave the occupied territories',
    ],
    ['Ukraine said it would sign the agreement only if the US offered security guarantees.', 'UA', 'the US offered security guarantees'],
    [
      'Russia backed the arrangement provided that its ships are inspected in Turkish ports.',
      'RU',
      'its ships are inspected in Turkish ports',
    ],
  ])('reads a condition attached to a truce or an agreement as a demand: %s', (text, by, demand) => {
    const e = run('Talks update', text).find((x) => x.type === 'DemandsIssued');
    expect(e?.data).toMatchObject({ by, demands: [demand] });
  });

  it.each([
    'The ceasefire held until Monday, Ukrainian officials said.',
    'Only after the strike did Russia say it had hit a military target.',
    'Kyiv said the ceasefire was announced only after talks in Riyadh ended on Tuesday.',
    'Russia said it would observe the truce only if Ukraine did, and Kyiv agreed.',
  ])('does not read a plain time clause or a reciprocal truce as a demand: %s', (text) => {
    expect(run('Talks update', text).filter((x) => x.type === 'DemandsIssued')).toEqual([]);
  });

  it('derives a rejection from a declined truce', () => {
    const e = run('Ukraine rejects Russia’s offer of a three-day truce').find((x) => x.type === 'ProposalRejected');
    expect(e?.data).toMatchObject({ by: 'UA', proposalOf: 'RU' });
  });
});

describe('demands and conditions', () => {
  it('leaves out who said it at the end of the sentence', () => {
    const e = extract({
      id: 'o',
      title: 'Kremlin',
      content: 'Moscow demanded that Kyiv withdraw its forces from the Kherson region, Peskov told reporters on Monday.',
      publishedAt: '2025-06-18T10:00:00Z',
    }).events.find((x) => x.type === 'DemandsIssued');
    expect(e?.data).toMatchObject({ by: 'RU', demands: ['Kyiv withdraw its forces from the Kherson region'] });
  });
});
