import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FeedRegistry, FeedView } from '@app/feeds';

export class GetFeedQuery implements IQuery {
  constructor(readonly id: string) {}
}

@QueryHandler(GetFeedQuery)
export class GetFeedHandler implements IQueryHandler<GetFeedQuery, FeedView> {
  constructor(private readonly registry: FeedRegistry) {}

  execute({ id }: GetFeedQuery): Promise<FeedView> {
    return this.registry.get(id);
  }
}
