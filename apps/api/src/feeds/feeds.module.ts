import { Module } from '@nestjs/common';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { FeedsController } from './feeds.controller';
import { FeedPollQueueCloser, FeedScheduling, feedPollQueueProvider, feedRegistryProvider, feedScheduleProvider } from './feeds.providers';
import { GetFeedHandler } from './get-feed.query';
import { ListFeedsHandler } from './list-feeds.query';
import { PollFeedHandler } from './poll-feed.command';
import { RegisterFeedHandler } from './register-feed.command';
import { RemoveFeedHandler } from './remove-feed.command';
import { UpdateFeedHandler } from './update-feed.command';

@Module({
  controllers: [FeedsController],
  providers: [
    feedPollQueueProvider,
    FeedPollQueueCloser,
    feedRegistryProvider,
    feedScheduleProvider,
    FeedScheduling,
    RegisterFeedHandler,
    UpdateFeedHandler,
    RemoveFeedHandler,
    PollFeedHandler,
    ListFeedsHandler,
    GetFeedHandler,
    ApiKeyGuard,
  ],
})
export class FeedsModule {}
