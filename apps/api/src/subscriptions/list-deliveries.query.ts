import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DeliveryOutbox, DeliveryView } from '@app/alerts';

export class ListDeliveriesQuery implements IQuery {
  constructor(
    readonly subscriptionId: string,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

export interface DeliveryList {
  items: DeliveryView[];
  total: number;
}

/** A subscription's deliveries, newest first, each with its attempt log. */
@QueryHandler(ListDeliveriesQuery)
export class ListDeliveriesHandler implements IQueryHandler<ListDeliveriesQuery, DeliveryList> {
  constructor(private readonly outbox: DeliveryOutbox) {}

  execute({ subscriptionId, limit, offset }: ListDeliveriesQuery): Promise<DeliveryList> {
    return this.outbox.list(subscriptionId, limit, offset);
  }
}
