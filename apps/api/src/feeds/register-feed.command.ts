import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { FeedRegistry, FeedView } from '@app/feeds';
import { RegisterFeedRequestDto } from './dto/register-feed.request.dto';
import { FeedScheduling } from './feeds.providers';

export class RegisterFeedCommand implements ICommand {
  constructor(readonly request: RegisterFeedRequestDto) {}
}

/** FeedRegistered on `feed-<id>`, the feeds row, then its schedule and a first poll. */
@CommandHandler(RegisterFeedCommand)
export class RegisterFeedHandler implements ICommandHandler<RegisterFeedCommand, FeedView> {
  constructor(
    private readonly registry: FeedRegistry,
    private readonly scheduling: FeedScheduling,
  ) {}

  async execute({ request }: RegisterFeedCommand): Promise<FeedView> {
    const change = await this.registry.register(request);
    await this.scheduling.apply(change);
    return change.feed;
  }
}
