import { extract } from '@app/extraction';
const items: [string, string?][] = [
  ['Russian strike on Zaporizhzhia kills 3, injures 12'],
  ['Ukraine says Russia launched 200 drones overnight; two killed in Odesa region'],
  ['Explosions rock Kyiv as Russia launches massive missile attack; at least five dead'],
  ['Ukrainian drone attack sparks fire at oil refinery in Tuapse'],
  ['Russian shelling kills two civilians in Nikopol, governor says'],
  ['Putin and Trump meet in Alaska for summit on Ukraine', 'The two leaders held nearly three hours of talks at a military base in Anchorage on Friday.'],
  ['Zelensky meets Trump at the White House'],
  ['Witkoff meets Putin in Moscow for five hours'],
  ['Russia and Ukraine hold third round of talks in Istanbul, agree on prisoner exchange'],
  ['Ukraine, Russia swap 390 prisoners in first stage of large exchange'],
  ['Russia returns 6,000 bodies of Ukrainian soldiers'],
  ['Kremlin says no plans for ceasefire'],
  ['Zelensky proposes energy ceasefire with Russia'],
  ['Russia announces 72-hour truce for Victory Day'],
  ['A Russian drone hit a bus in Kherson, killing one person and wounding nine'],
  ['Five people, including a child, were killed in a missile strike on Chernihiv'],
  ['The death toll from Monday\'s strike on Ternopil has risen to 32'],
  ['Ukraine hits Russian airbase in Engels'],
  ['Dozens injured as Russian missiles strike Lviv and Ivano-Frankivsk'],
  ['Russia says it repelled Ukrainian attack on Belgorod region; one killed in Shebekino'],
  ['Kharkiv region: 2 killed, 5 wounded in Russian shelling of Kupiansk'],
  ['Kyiv accepts US proposal for 30-day truce, Moscow yet to respond'],
  ['Russia rejects Ukraine\'s call for unconditional ceasefire'],
  ['Peace talks between Russia and Ukraine to resume in Geneva on Monday'],
  ['Erdogan hosts Russian and Ukrainian delegations in Istanbul; talks last two hours'],
  ['Trump says he will meet Putin in Budapest'],
];
for (const [title, content] of items) {
  const r = extract({ id: 'p', title, content, publishedAt: '2025-06-18T12:00:00Z' });
  console.log('#', title);
  for (const e of r.events) { const d = { ...e.data } as Record<string, any>; if (d.places) d.places = d.places.map((p: any) => p.name); if (d.location) d.location = d.location.name; for (const k of ['killed','injured','count','durationDays','durationMinutes']) if (d[k]) d[k] = [d[k].min, d[k].max, d[k].approx]; console.log('   ', e.type, JSON.stringify(d)); }
}
