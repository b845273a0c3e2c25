import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FeedRegistry, FeedView } from '@app/feeds';

export class ListFeedsQuery implements IQuery {
  constructor(
    readonly limit: number,
    readonly offset: number,
  ) {}
}

export interface FeedList {
  items: FeedView[];
  total: number;
  limit: number;
  offset: number;
}

@QueryHandler(ListFeedsQuery)
export class ListFeedsHandler implements IQueryHandler<ListFeedsQuery, FeedList> {
  constructor(private readonly registry: FeedRegistry) {}

  async execute({ limit, offset }: ListFeedsQuery): Promise<FeedList> {
    return { ...(await this.registry.list(limit, offset)), limit, offset };
  }
}
