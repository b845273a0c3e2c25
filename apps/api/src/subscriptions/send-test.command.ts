import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { DeliveryOutbox, DeliveryView } from '@app/alerts';

export class SendTestCommand implements ICommand {
  constructor(readonly subscriptionId: string) {}
}

/** A signed ping to the endpoint, delivered (and retried) like any alert. */
@CommandHandler(SendTestCommand)
export class SendTestHandler implements ICommandHandler<SendTestCommand, DeliveryView> {
  constructor(private readonly outbox: DeliveryOutbox) {}

  execute({ subscriptionId }: SendTestCommand): Promise<DeliveryView> {
    return this.outbox.ping(subscriptionId);
  }
}
