import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { SubscriptionRegistry } from '@app/alerts';

export class DeleteSubscriptionCommand implements ICommand {
  constructor(readonly id: string) {}
}

/** SubscriptionDeleted; deliveries still owed to it are dropped. */
@CommandHandler(DeleteSubscriptionCommand)
export class DeleteSubscriptionHandler implements ICommandHandler<DeleteSubscriptionCommand, void> {
  constructor(private readonly registry: SubscriptionRegistry) {}

  execute({ id }: DeleteSubscriptionCommand): Promise<void> {
    return this.registry.delete(id);
  }
}
