import { ServiceUnavailableException } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { FeedPausedError, FeedRegistry, FeedSchedule } from '@app/feeds';
import { SCHEDULE_TIMEOUT_MS, withTimeout } from './feeds.providers';

export class PollFeedCommand implements ICommand {
  constructor(readonly id: string) {}
}

export interface PollQueued {
  feedId: string;
  jobId: string;
  status: 'queued';
}

/** Queues a one-off poll that ignores the failure backoff (not a pause). */
@CommandHandler(PollFeedCommand)
export class PollFeedHandler implements ICommandHandler<PollFeedCommand, PollQueued> {
  constructor(
    private readonly registry: FeedRegistry,
    private readonly schedule: FeedSchedule,
  ) {}

  async execute({ id }: PollFeedCommand): Promise<PollQueued> {
    const row = await this.registry.row(id);
    if (row.paused) throw new FeedPausedError(id);
    try {
      const jobId = await withTimeout(this.schedule.pollNow(id), SCHEDULE_TIMEOUT_MS, 'poll now');
      return { feedId: id, jobId, status: 'queued' };
    } catch (err) {
      throw new ServiceUnavailableException({
        code: 'QUEUE.UNAVAILABLE',
        message: `The poll could not be queued: ${(err as Error).message}`,
      });
    }
  }
}
