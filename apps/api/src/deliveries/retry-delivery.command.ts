import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { DeliveryOutbox, DeliveryView } from '@app/alerts';

export class RetryDeliveryCommand implements ICommand {
  constructor(readonly id: string) {}
}

/** Sends a delivery again with a fresh retry schedule and the same webhook-id. */
@CommandHandler(RetryDeliveryCommand)
export class RetryDeliveryHandler implements ICommandHandler<RetryDeliveryCommand, DeliveryView> {
  constructor(private readonly outbox: DeliveryOutbox) {}

  execute({ id }: RetryDeliveryCommand): Promise<DeliveryView> {
    return this.outbox.retry(id);
  }
}
