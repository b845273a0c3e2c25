import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { DeliveryOutbox } from '@app/alerts';

export class ReplayDeliveriesCommand implements ICommand {
  constructor(
    readonly subscriptionId: string,
    readonly since: Date,
  ) {}
}

/** Sends again the subscription's deliveries made since a time, with their original webhook-ids. */
@CommandHandler(ReplayDeliveriesCommand)
export class ReplayDeliveriesHandler implements ICommandHandler<ReplayDeliveriesCommand, { queued: number }> {
  constructor(private readonly outbox: DeliveryOutbox) {}

  async execute({ subscriptionId, since }: ReplayDeliveriesCommand): Promise<{ queued: number }> {
    return { queued: await this.outbox.replay(subscriptionId, since) };
  }
}
