import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { FeedRegistry } from '@app/feeds';
import { FeedScheduling } from './feeds.providers';

export class RemoveFeedCommand implements ICommand {
  constructor(readonly id: string) {}
}

/** FeedRemoved: polling stops; the feed's stream and its reports stay. */
@CommandHandler(RemoveFeedCommand)
export class RemoveFeedHandler implements ICommandHandler<RemoveFeedCommand, void> {
  constructor(
    private readonly registry: FeedRegistry,
    private readonly scheduling: FeedScheduling,
  ) {}

  async execute({ id }: RemoveFeedCommand): Promise<void> {
    await this.scheduling.apply(await this.registry.remove(id));
  }
}
