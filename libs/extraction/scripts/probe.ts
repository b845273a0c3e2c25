/** Prints what the extractor makes of a few headlines: a quick look while tuning rules. */
import { extract } from '@app/extraction';
const items: [string, string?][] = [
  ['Russia says it shot down 30 Ukrainian drones over Kursk region; no damage reported'],
  ['Zelensky visits Kharkiv, meets troops on the front line'],
  ['Putin meets Lukashenko in Minsk'],
  ['Ukraine marks anniversary of Kramatorsk station strike that killed 61'],
  ['Three years after the strike on the Kremenchuk mall, survivors rebuild'],
  ['Russia warns it could strike decision-making centres in Kyiv'],
  ['Russian forces capture village near Pokrovsk, Moscow says'],
  ['Explosions heard in Belgorod as air raid sirens sound'],
  ['Russia launches 150 drones at Ukraine; air defences down 120'],
  [
    'Ukraine and Russia trade accusations over strike on Kherson market',
    'Kyiv said a Russian drone killed three people at the market; Moscow denied involvement.',
  ],
  [
    'US envoy Witkoff met Russian President Vladimir Putin in St Petersburg on Friday',
    'The meeting lasted more than four hours, the Kremlin said.',
  ],
  ['Ukrainian and Russian negotiators met in Istanbul for just over an hour on Wednesday and agreed to swap 1,200 prisoners', ''],
  ['Overnight Russian attack on Odesa kills one, injures 8; port infrastructure damaged'],
  ['Two people died and 14 were wounded after Russian troops shelled the centre of Kherson on Tuesday'],
  ['Russian air strike on a village in Zaporizhzhia region kills a family of four'],
  ['Ukraine returns 31 children deported to Russia, says ombudsman'],
  ['Russia, Ukraine exchange bodies: 1,000 Ukrainian for 19 Russian'],
  ['Ukraine proposes a ceasefire at sea and in the air; Moscow says it will study the idea'],
  ['Trump calls for an immediate ceasefire in Ukraine'],
  ['Russia says it will observe a 30-hour Easter truce if Kyiv does the same'],
];
for (const [title, content] of items) {
  const r = extract({ id: 'p', title, content, publishedAt: '2025-06-18T12:00:00Z' });
  console.log('#', title);
  for (const e of r.events) {
    const d: Record<string, unknown> = { ...e.data };
    if (Array.isArray(d.places)) d.places = (d.places as { name: string }[]).map((p) => p.name);
    if (d.location) d.location = (d.location as { name: string }).name;
    for (const k of ['killed', 'injured', 'count', 'durationDays', 'durationMinutes']) {
      const r = d[k] as { min: number | null; max: number | null; approx: boolean } | undefined;
      if (r) d[k] = [r.min, r.max, r.approx];
    }
    console.log('   ', e.type, JSON.stringify(d));
  }
}
