import { EventData, Place, Range } from '@app/domain';
import { StoredEvent } from '@app/event-store';
import { Projection } from '../projection';
import { DocTable } from '../shared/doc-table';
import { IncidentHead, corroborate, familyKeyOf, openHead } from '../shared/incident';
import { nameKey, partyKey, uniq } from '../shared/values';

export interface TalksRow extends IncidentHead {
  place: Place | null;
  parties: string[];
  mediators: string[];
  leads: { name: string; party: string; role: string | null }[];
  durationMinutes: Range | null;
  outcome: string;
  nextRound: { from: string | null; to: string | null; location: Place | null } | null;
}

export function evolveTalks(row: TalksRow | null, e: StoredEvent, key: string): TalksRow | null {
  if (e.type === 'TalksHeld') {
    if (row) return row;
    const d = e.data as EventData<'TalksHeld'>;
    return {
      ...openHead(e, key, d.date),
      place: d.location ?? null,
      parties: d.parties,
      mediators: d.mediators ?? [],
      leads: (d.leads ?? []).map((l) => ({ name: l.name, party: l.party, role: l.role ?? null })),
      durationMinutes: d.durationMinutes ?? null,
      outcome: d.outcome ?? 'unknown',
      nextRound: d.nextRound
        ? { from: d.nextRound.from ?? null, to: d.nextRound.to ?? null, location: d.nextRound.location ?? null }
        : null,
    };
  }
  if (e.type === 'IncidentCorroborated') return row && corroborate(row, e);
  return row;
}

export const talksTable = new DocTable<TalksRow>('rm_talks', 'incident_id', (r) => r.id, [
  { name: 'date', type: 'date', value: (r) => r.date },
  { name: 'place_key', type: 'text', value: (r) => (r.place ? nameKey(r.place.name) : null) },
  { name: 'party_keys', type: 'text[]', value: (r) => uniq([...r.parties, ...r.mediators].map(partyKey)) },
  { name: 'outcome', type: 'text', value: (r) => r.outcome },
  { name: 'source_count', type: 'integer', value: (r) => r.sourceCount },
  { name: 'first_position', type: 'bigint', value: (r) => r.firstPosition },
]);

/** One row per round of talks. */
export const talksProjection: Projection<TalksRow> = {
  name: 'talks',
  eventTypes: ['TalksHeld', 'IncidentCorroborated'],
  tables: ['rm_talks'],
  keyOf: (e) => familyKeyOf('TalksHeld', e, []),
  evolve: evolveTalks,
  load: (client, keys) => talksTable.load(client, keys),
  save: (client, changes) => talksTable.save(client, changes),
};
