import { EventData, Place, Range } from '@app/domain';
import { StoredEvent } from '@app/event-store';
import { Projection } from '../projection';
import { DocTable } from '../shared/doc-table';
import { IncidentHead, corroborate, familyKeyOf, openHead, touch } from '../shared/incident';
import { bestOf, nameKey, oblastKey, oblastOf, partyKey, uniq } from '../shared/values';

export interface AttackPlace {
  name: string;
  admin1: string | null;
  oblast: string | null;
  country: string;
  lat: number | null;
  lon: number | null;
  precision: Place['precision'];
}

export interface CasualtyRevision {
  reportId: string;
  recordedAt: string;
  killed: Range | null;
  injured: Range | null;
  previous: { killed: Range | null; injured: Range | null };
}

export interface AttackRow extends IncidentHead {
  perpetrator: string | null;
  target: string;
  weapons: string[];
  civilianTargets: boolean | null;
  places: AttackPlace[];
  oblasts: string[];
  /** The latest figures; `revisions` holds every change, oldest first. */
  killed: Range | null;
  injured: Range | null;
  revisions: CasualtyRevision[];
  claim: string | null;
}

const LATER = ['CasualtiesRevised'] as const;

export function evolveAttack(row: AttackRow | null, e: StoredEvent, key: string): AttackRow | null {
  switch (e.type) {
    case 'AttackReported': {
      if (row) return row;
      const d = e.data as EventData<'AttackReported'>;
      const places: AttackPlace[] = d.places.map((p) => ({
        name: p.name,
        admin1: p.admin1 ?? null,
        oblast: oblastOf(p),
        country: p.country,
        lat: p.lat ?? null,
        lon: p.lon ?? null,
        precision: p.precision,
      }));
      return {
        ...openHead(e, key, d.date),
        perpetrator: d.perpetrator ?? null,
        target: d.target,
        weapons: d.weapons ?? [],
        civilianTargets: d.civilianTargets ?? null,
        places,
        oblasts: uniq(places.map((p) => p.oblast).filter((o): o is string => !!o)),
        killed: d.killed ?? null,
        injured: d.injured ?? null,
        revisions: [],
        claim: d.claim?.by ?? null,
      };
    }
    case 'IncidentCorroborated':
      return row && corroborate(row, e);
    case 'CasualtiesRevised': {
      if (!row) return null;
      const d = e.data as EventData<'CasualtiesRevised'>;
      const revision: CasualtyRevision = {
        reportId: d.reportId,
        recordedAt: e.recordedAt.toISOString(),
        killed: d.killed ?? null,
        injured: d.injured ?? null,
        previous: { killed: row.killed, injured: row.injured },
      };
      return {
        ...touch(row, e),
        killed: d.killed ?? row.killed,
        injured: d.injured ?? row.injured,
        revisions: [...row.revisions, revision],
      };
    }
    default:
      return row;
  }
}

export const attacksTable = new DocTable<AttackRow>('rm_attacks', 'incident_id', (r) => r.id, [
  { name: 'date', type: 'date', value: (r) => r.date },
  { name: 'perpetrator', type: 'text', value: (r) => r.perpetrator },
  { name: 'target', type: 'text', value: (r) => r.target },
  { name: 'weapons', type: 'text[]', value: (r) => r.weapons },
  { name: 'party_keys', type: 'text[]', value: (r) => uniq([r.target, ...(r.perpetrator ? [r.perpetrator] : [])].map(partyKey)) },
  { name: 'place_keys', type: 'text[]', value: (r) => uniq(r.places.map((p) => nameKey(p.name))) },
  { name: 'oblast_keys', type: 'text[]', value: (r) => uniq(r.oblasts.map(oblastKey)) },
  { name: 'killed', type: 'double precision', value: (r) => bestOf(r.killed) },
  { name: 'injured', type: 'double precision', value: (r) => bestOf(r.injured) },
  { name: 'source_count', type: 'integer', value: (r) => r.sourceCount },
  { name: 'first_position', type: 'bigint', value: (r) => r.firstPosition },
]);

/** One row per attack incident: places with coordinates and oblast, latest figures with their history, sources. */
export const attacksProjection: Projection<AttackRow> = {
  name: 'attacks',
  eventTypes: ['AttackReported', 'IncidentCorroborated', ...LATER],
  tables: ['rm_attacks'],
  keyOf: (e) => familyKeyOf('AttackReported', e, LATER),
  evolve: evolveAttack,
  load: (client, keys) => attacksTable.load(client, keys),
  save: (client, changes) => attacksTable.save(client, changes),
};
