import { ApiProperty } from '@nestjs/swagger';
import { FeedState, FeedView } from '@app/feeds';

export class FeedPollCountsDto {
  @ApiProperty({ description: 'Polls that fetched the feed (HTTP 200)' }) fetched!: number;
  @ApiProperty({ description: 'Polls answered 304 Not Modified' }) notModified!: number;
  @ApiProperty({ description: 'Polls that failed' }) failed!: number;
}

/** A feed as the API shows it (documentation of FeedView). */
export class FeedResponseDto implements FeedView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Given at registration, else the title the feed announces' }) title!:
    string | null;
  @ApiProperty() pollIntervalSeconds!: number;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ nullable: true, type: String }) pausedReason!: string | null;
  @ApiProperty({ enum: ['pending', 'ok', 'failing', 'paused'] }) state!: FeedState;
  @ApiProperty({ nullable: true, type: String, description: 'Where the last successful fetch ended after redirects' }) finalUrl!:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastPolledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastSuccessAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextPollAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastHttpStatus!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last poll failed, in words' }) lastError!: string | null;
  @ApiProperty() consecutiveFailures!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) failingSince!: string | null;
  @ApiProperty({ description: 'Reports recorded from this feed' }) reportsSeen!: number;
  @ApiProperty({ type: () => FeedPollCountsDto, description: 'Polls so far by outcome' }) polls!: FeedPollCountsDto;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'The server answered with Retry-After: scheduled polls wait until then',
  })
  retryNotBefore!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class FeedListResponseDto {
  @ApiProperty({ type: [FeedResponseDto] }) items!: FeedResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class PollQueuedResponseDto {
  @ApiProperty({ format: 'uuid' }) feedId!: string;
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}
