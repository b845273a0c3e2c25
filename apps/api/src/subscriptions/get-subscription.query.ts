import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SubscriptionRegistry, SubscriptionView } from '@app/alerts';

export class GetSubscriptionQuery implements IQuery {
  constructor(readonly id: string) {}
}

@QueryHandler(GetSubscriptionQuery)
export class GetSubscriptionHandler implements IQueryHandler<GetSubscriptionQuery, SubscriptionView> {
  constructor(private readonly registry: SubscriptionRegistry) {}

  execute({ id }: GetSubscriptionQuery): Promise<SubscriptionView> {
    return this.registry.get(id);
  }
}
