import { extract } from '../extract';

const exchanges = (title: string, content = '', publishedAt = '2025-09-12T09:00:00Z') =>
  extract({ id: 'x', title, content, publishedAt })
    .events.filter((e) => e.type === 'ExchangeAgreed')
    .map((e) => ({ category: e.data.category, count: (e.data.count as { min: number } | undefined)?.min, status: e.data.status }));

describe('exchanges', () => {
  it.each([
    ['a rejected plan', 'Orban says Ukraine turned down his Christmas truce and prisoner exchange plan'],
    ['an idiom', 'The draft would have required Ukraine to cap its army at 600,000 troops in exchange for security guarantees.'],
    ['a request', 'The new pope asked that all prisoners be freed and that Ukrainian children be able to return to their families.'],
    [
      'a swap that was only planned',
      'Moscow said the plane had been carrying 65 Ukrainian prisoners of war to a planned swap when it was shot down.',
    ],
    [
      'a running total',
      'What survived was the humanitarian channel: prisoner swaps that have brought more than 4,500 Ukrainians home since 2022.',
    ],
    [
      'images released after a strike',
      'Images released by the emergency service after the Russian strike showed bodies lying next to a damaged van.',
    ],
    ['an appeal', 'Pope Leo appealed for the release of all prisoners and the return of Ukrainian children to their families.'],
    ['an agenda', 'Kyiv wants to discuss the release of prisoners and the return of children at the talks in Istanbul.'],
    [
      'an older deal named by its date',
      'Russian and Ukrainian delegations last met in Istanbul on 23 July, when they agreed to swap 1,200 prisoners from each side.',
    ],
  ])('is not read from %s', (_what, text) => {
    expect(exchanges(text)).toEqual([]);
  });

  it('reads the dead as bodies, not as prisoners, when they are called servicemen', () => {
    expect(
      exchanges(
        'Ukraine receives 1,000 bodies from Russia',
        "The bodies of 1,000 people that Russia says are Ukrainian servicemen were handed over to Ukraine on Thursday, Ukraine's coordination headquarters for the treatment of prisoners of war said.",
      ),
    ).toEqual([{ category: 'bodies', count: 1000, status: 'completed' }]);
  });

  it('does not take the condition of freed prisoners for a handover of the wounded', () => {
    expect(
      exchanges(
        '144 Ukrainian defenders freed',
        'One hundred and forty-four Ukrainian servicemen were freed from Russian captivity on Thursday. Most of those freed were seriously injured, with gunshot and shrapnel wounds.',
      ),
    ).toEqual([{ category: 'prisoners', count: 144, status: 'completed' }]);
  });

  it('reads people held by Russia and brought home in a swap as prisoners', () => {
    expect(
      exchanges('Azovstal commanders freed in exchange for Putin ally', 'Ukraine has brought home 215 people who were held by Russia.'),
    ).toEqual([{ category: 'prisoners', count: 215, status: 'completed' }]);
  });

  it('takes "the same number" as the other side of the swap just told', () => {
    expect(
      exchanges(
        'Wounded servicemen swapped',
        'The Defence Ministry said a group of Russian servicemen with serious wounds has been returned, and that the same number of Ukrainian prisoners of war was handed back.',
      ),
    ).toEqual([{ category: 'wounded', count: undefined, status: 'completed' }]);
  });

  it('reads "agreed on another exchange" as an agreement, not as background', () => {
    expect(exchanges('Istanbul round', 'Russia and Ukraine agreed on another exchange of 1,200 prisoners of war.')).toEqual([
      { category: 'prisoners', count: 1200, status: 'agreed' },
    ]);
  });

  it('reads citizens returned as civilians and defenders with severe wounds as the wounded', () => {
    expect(
      exchanges(
        'Returned from captivity',
        'Eight citizens of the Russian Federation, residents of the Kursk region detained by the Kiev regime, were returned.',
      ),
    ).toEqual([{ category: 'civilians', count: 8, status: 'completed' }]);
    expect(
      exchanges(
        'Defenders home',
        'Ukraine returned from Russian captivity a group of Ukrainian defenders with severe wounds and serious illnesses.',
      ),
    ).toEqual([{ category: 'wounded', count: undefined, status: 'completed' }]);
  });

  it('reads seriously wounded and ill defenders coming home as the wounded', () => {
    expect(
      exchanges(
        'Second stage: seriously wounded and ill defenders return from captivity',
        'They came home on Thursday under the Istanbul agreements, President Zelensky said.',
        '2025-06-12T15:00:00Z',
      ),
    ).toEqual([{ category: 'wounded', count: undefined, status: 'completed' }]);
  });

  it.each([
    [
      'Russia and US swap prisoners as American teacher is freed',
      'Russia released US citizen Marc Fogel on Tuesday in exchange for Alexander Vinnik, a Russian held in the United States.',
    ],
    [
      'Journalists among 16 freed as Russia and Western countries swap prisoners',
      'Russia freed 16 people, including two journalists and a Kremlin critic, in exchange for eight Russians held in Germany, Poland and Norway.',
    ],
  ])('does not read a swap between Russia and the West as an exchange of this war: %s', (title, content) => {
    expect(exchanges(title, content)).toEqual([]);
  });

  it('still reads swaps of this war that free a journalist or that the US welcomes', () => {
    expect(
      exchanges(
        'Ukraine brings home journalist in swap with Russia',
        'Ukrainian journalist Dmytro Khyliuk was among 84 Ukrainians freed in an exchange with Russia on Sunday.',
      ),
    ).toEqual([{ category: 'prisoners', count: 84, status: 'completed' }]);
    expect(
      exchanges(
        'Russia and Ukraine swap 150 prisoners each',
        'Russia and Ukraine exchanged 150 prisoners of war each on Saturday in a swap mediated by the UAE; the US State Department welcomed it.',
      ),
    ).toEqual([{ category: 'prisoners', count: 150, status: 'completed' }]);
  });
  it.each([
    'Moscow is also willing to return another 500 bodies of fallen soldiers, the negotiator said.',
    'Kyiv said it was prepared to hand back 200 captured Russian soldiers.',
  ])('does not read an offer to hand over as an exchange: %s', (content) => {
    expect(exchanges('Talks end', content)).toEqual([]);
  });

  it.each([
    ['Twelve children come home from occupied Kherson region', 'children'],
    ['Forty Ukrainian civilians come home from Russia', 'civilians'],
  ])('reads a headline in which people come home as a completed return: %s', (title, category) => {
    expect(exchanges(title)).toMatchObject([{ category, status: 'completed' }]);
  });
});
