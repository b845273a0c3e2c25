import { Inject, NotFoundException } from '@nestjs/common';
import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@app/common';
import { AttackFilters, AttackListItem, AttackRow, Page, PageRequest, getAttack, listAttacks } from '@app/projections';
import { withSourceReports } from '../common/incident-detail';

export class ListAttacksQuery implements IQuery {
  constructor(
    readonly filters: AttackFilters,
    readonly page: PageRequest,
  ) {}
}

@QueryHandler(ListAttacksQuery)
export class ListAttacksHandler implements IQueryHandler<ListAttacksQuery, Page<AttackListItem>> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}
  execute(q: ListAttacksQuery): Promise<Page<AttackListItem>> {
    return listAttacks(this.pool, q.filters, q.page);
  }
}

export class GetAttackQuery implements IQuery {
  constructor(readonly id: string) {}
}

@QueryHandler(GetAttackQuery)
export class GetAttackHandler implements IQueryHandler<GetAttackQuery, AttackRow> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}
  async execute({ id }: GetAttackQuery): Promise<AttackRow> {
    const row = await getAttack(this.pool, id);
    if (!row) throw new NotFoundException({ code: 'ATTACK.NOT_FOUND', message: `No attack incident with id ${id}` });
    return withSourceReports(this.pool, row);
  }
}
