import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { FeedView } from '@app/feeds';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { OffsetPageRequestDto } from '../common/offset-page.request.dto';
import { uuidParam } from '../common/uuid-param';
import { FeedListResponseDto, FeedResponseDto, PollQueuedResponseDto } from './dto/feed.response.dto';
import { RegisterFeedRequestDto } from './dto/register-feed.request.dto';
import { UpdateFeedRequestDto } from './dto/update-feed.request.dto';
import { FeedErrorsFilter } from './feed-errors.filter';
import { GetFeedQuery } from './get-feed.query';
import { FeedList, ListFeedsQuery } from './list-feeds.query';
import { PollFeedCommand, PollQueued } from './poll-feed.command';
import { RegisterFeedCommand } from './register-feed.command';
import { RemoveFeedCommand } from './remove-feed.command';
import { UpdateFeedCommand } from './update-feed.command';

const feedId = () => uuidParam('FEED.BAD_ID');
const FEED_ID = { name: 'id', description: 'Feed id (UUID)', format: 'uuid' };

@ApiTags('feeds')
@Controller('feeds')
@UseFilters(FeedErrorsFilter)
export class FeedsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Register a feed; it is polled at once and then at its interval' })
  @ApiCreatedResponse({ type: FeedResponseDto, description: 'The feed as registered; its first poll is queued' })
  @ApiBadRequestResponse({ description: 'A field is missing or malformed, or the URL is refused (the reason says why)' })
  @ApiUnauthorizedResponse({ description: 'No or a wrong API key' })
  @ApiConflictResponse({ description: 'The URL is registered already: { existingId }' })
  register(@Body() body: RegisterFeedRequestDto): Promise<FeedView> {
    return this.commands.execute<RegisterFeedCommand, FeedView>(new RegisterFeedCommand(body));
  }

  @Get()
  @ApiOperation({ summary: 'Registered feeds with their polling status' })
  @ApiOkResponse({ type: FeedListResponseDto, description: 'A page of feeds, oldest first, with the total' })
  list(@Query() query: OffsetPageRequestDto): Promise<FeedList> {
    return this.queries.execute<ListFeedsQuery, FeedList>(new ListFeedsQuery(query.limit ?? 100, query.offset ?? 0));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A feed with its polling status' })
  @ApiParam(FEED_ID)
  @ApiOkResponse({ type: FeedResponseDto, description: 'The feed' })
  @ApiNotFoundResponse({ description: 'No feed with that id (or it was removed)' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  get(@Param('id', feedId()) id: string): Promise<FeedView> {
    return this.queries.execute<GetFeedQuery, FeedView>(new GetFeedQuery(id));
  }

  @Patch(':id')
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Change the title or interval, pause or resume' })
  @ApiParam(FEED_ID)
  @ApiOkResponse({ type: FeedResponseDto, description: 'The feed as changed' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, or a field is malformed; the message names it' })
  @ApiUnauthorizedResponse({ description: 'No or a wrong API key' })
  @ApiNotFoundResponse({ description: 'No feed with that id' })
  update(@Param('id', feedId()) id: string, @Body() body: UpdateFeedRequestDto): Promise<FeedView> {
    return this.commands.execute<UpdateFeedCommand, FeedView>(new UpdateFeedCommand(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Stop polling a feed; its history and reports stay' })
  @ApiParam(FEED_ID)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiUnauthorizedResponse({ description: 'No or a wrong API key' })
  @ApiNotFoundResponse({ description: 'No feed with that id' })
  async remove(@Param('id', feedId()) id: string): Promise<void> {
    await this.commands.execute<RemoveFeedCommand, void>(new RemoveFeedCommand(id));
  }

  @Post(':id/poll')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Poll a feed now, whatever its backoff' })
  @ApiParam(FEED_ID)
  @ApiAcceptedResponse({ type: PollQueuedResponseDto, description: 'The poll is queued' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiUnauthorizedResponse({ description: 'No or a wrong API key' })
  @ApiServiceUnavailableResponse({ description: 'Redis did not take the job in time' })
  @ApiNotFoundResponse({ description: 'No feed with that id' })
  @ApiConflictResponse({ description: 'The feed is paused' })
  poll(@Param('id', feedId()) id: string): Promise<PollQueued> {
    return this.commands.execute<PollFeedCommand, PollQueued>(new PollFeedCommand(id));
  }
}
