import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { FeedRegistry, FeedView } from '@app/feeds';
import { UpdateFeedRequestDto } from './dto/update-feed.request.dto';
import { FeedScheduling } from './feeds.providers';

export class UpdateFeedCommand implements ICommand {
  constructor(
    readonly id: string,
    readonly request: UpdateFeedRequestDto,
  ) {}
}

/** FeedUpdated / FeedPaused / FeedResumed as the request asks, then the schedule follows. */
@CommandHandler(UpdateFeedCommand)
export class UpdateFeedHandler implements ICommandHandler<UpdateFeedCommand, FeedView> {
  constructor(
    private readonly registry: FeedRegistry,
    private readonly scheduling: FeedScheduling,
  ) {}

  async execute({ id, request }: UpdateFeedCommand): Promise<FeedView> {
    const change = await this.registry.update(id, request);
    await this.scheduling.apply(change);
    return change.feed;
  }
}
