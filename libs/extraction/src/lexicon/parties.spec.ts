import { findParties, partiesIn } from './parties';

describe('parties', () => {
  it.each([
    ['The Kremlin said the offer stood.', ['RU']],
    ['Kiev rejected it; Medinsky shrugged.', ['UA', 'RU']],
    ['Witkoff and Rubio flew in.', ['US']],
    ['Erdogan and Fidan hosted the delegations.', ['TR']],
    ['Zelenskyy met Vance.', ['UA', 'US']],
    ['Direct Russian-Ukrainian negotiations resumed.', ['RU', 'UA']],
    ['The U.S. envoy and the UAE mediators', ['US', 'AE']],
  ])('finds the parties in "%s"', (text, want) => expect(partiesIn(text)).toEqual(want));

  it('does not read the pronoun "us" as the United States', () => {
    expect(partiesIn('Tell us what happened, she said.')).toEqual([]);
  });

  it('reads possessives and keeps offsets', () => {
    const [m] = findParties("Moscow's delegation left.");
    expect(m).toMatchObject({ party: 'RU', start: 0, word: 'Moscow' });
  });
});
