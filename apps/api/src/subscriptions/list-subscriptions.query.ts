import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SubscriptionRegistry, SubscriptionView } from '@app/alerts';

export class ListSubscriptionsQuery implements IQuery {
  constructor(
    readonly limit: number,
    readonly offset: number,
  ) {}
}

export interface SubscriptionList {
  items: SubscriptionView[];
  total: number;
}

@QueryHandler(ListSubscriptionsQuery)
export class ListSubscriptionsHandler implements IQueryHandler<ListSubscriptionsQuery, SubscriptionList> {
  constructor(private readonly registry: SubscriptionRegistry) {}

  execute({ limit, offset }: ListSubscriptionsQuery): Promise<SubscriptionList> {
    return this.registry.list(limit, offset);
  }
}
