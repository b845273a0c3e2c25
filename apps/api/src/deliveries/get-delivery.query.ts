import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DeliveryOutbox, DeliveryView } from '@app/alerts';

export class GetDeliveryQuery implements IQuery {
  constructor(readonly id: string) {}
}

@QueryHandler(GetDeliveryQuery)
export class GetDeliveryHandler implements IQueryHandler<GetDeliveryQuery, DeliveryView> {
  constructor(private readonly outbox: DeliveryOutbox) {}

  execute({ id }: GetDeliveryQuery): Promise<DeliveryView> {
    return this.outbox.get(id);
  }
}
