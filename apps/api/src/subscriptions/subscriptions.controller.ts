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
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DeliveryView, SubscriptionView } from '@app/alerts';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { AlertsErrorsFilter } from './alerts-errors.filter';
import { CreateSubscriptionCommand, CreatedSubscription } from './create-subscription.command';
import { DeleteSubscriptionCommand } from './delete-subscription.command';
import { CreateSubscriptionRequestDto } from './dto/create-subscription.request.dto';
import { ReplayRequestDto } from './dto/list-subscriptions.request.dto';
import { OffsetPageRequestDto } from '../common/offset-page.request.dto';
import { uuidParam } from '../common/uuid-param';
import {
  CreatedSubscriptionResponseDto,
  DeliveryListResponseDto,
  DeliveryResponseDto,
  ReplayResponseDto,
  RotatedSecretResponseDto,
  SubscriptionListResponseDto,
  SubscriptionResponseDto,
} from './dto/subscription.response.dto';
import { UpdateSubscriptionRequestDto } from './dto/update-subscription.request.dto';
import { GetSubscriptionQuery } from './get-subscription.query';
import { DeliveryList, ListDeliveriesQuery } from './list-deliveries.query';
import { ListSubscriptionsQuery, SubscriptionList } from './list-subscriptions.query';
import { ReplayDeliveriesCommand } from './replay-deliveries.command';
import { RotateSecretCommand, RotatedSecret } from './rotate-secret.command';
import { SendTestCommand } from './send-test.command';
import { UpdateSubscriptionCommand } from './update-subscription.command';

const subscriptionId = () => uuidParam('SUBSCRIPTION.BAD_ID');

/** Webhook subscriptions. Every endpoint needs an API key: subscriptions name private endpoints. */
@ApiTags('subscriptions')
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'No or a wrong API key' })
@ApiBadRequestResponse({ description: 'The id is not a UUID, or a parameter is malformed; the message names it' })
@Controller('subscriptions')
@UseGuards(ApiKeyGuard)
@UseFilters(AlertsErrorsFilter)
export class SubscriptionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe an endpoint to incidents matching a filter; the response holds the signing secret, shown only here' })
  @ApiCreatedResponse({ type: CreatedSubscriptionResponseDto, description: 'The subscription with its signing secret (shown only here)' })
  @ApiBadRequestResponse({ description: 'A field is malformed, or the URL is refused (the reason says why)' })
  create(@Body() body: CreateSubscriptionRequestDto): Promise<CreatedSubscription> {
    return this.commands.execute<CreateSubscriptionCommand, CreatedSubscription>(new CreateSubscriptionCommand(body));
  }

  @Get()
  @ApiOperation({ summary: 'Subscriptions (without their secrets)' })
  @ApiOkResponse({ type: SubscriptionListResponseDto, description: 'A page of subscriptions with the total' })
  list(@Query() q: OffsetPageRequestDto): Promise<SubscriptionList> {
    return this.queries.execute<ListSubscriptionsQuery, SubscriptionList>(new ListSubscriptionsQuery(q.limit ?? 100, q.offset ?? 0));
  }

  @Get(':id')
  @ApiParam({ name: 'id', description: 'Subscription id (UUID)' })
  @ApiOperation({ summary: 'A subscription (without its secret)' })
  @ApiOkResponse({ type: SubscriptionResponseDto, description: 'The subscription' })
  @ApiNotFoundResponse({ description: 'No subscription with that id' })
  get(@Param('id', subscriptionId()) id: string): Promise<SubscriptionView> {
    return this.queries.execute<GetSubscriptionQuery, SubscriptionView>(new GetSubscriptionQuery(id));
  }

  @Patch(':id')
  @ApiParam({ name: 'id', description: 'Subscription id (UUID)' })
  @ApiOperation({ summary: 'Change the URL, description, filter or notifyOn; {"enabled": true} re-enables a disabled one' })
  @ApiOkResponse({ type: SubscriptionResponseDto, description: 'The subscription as changed' })
  @ApiBadRequestResponse({ description: 'A field is malformed, or the URL is refused; the message names it' })
  @ApiNotFoundResponse({ description: 'No subscription with that id' })
  update(@Param('id', subscriptionId()) id: string, @Body() body: UpdateSubscriptionRequestDto): Promise<SubscriptionView> {
    return this.commands.execute<UpdateSubscriptionCommand, SubscriptionView>(new UpdateSubscriptionCommand(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam({ name: 'id', description: 'Subscription id (UUID)' })
  @ApiOperation({ summary: 'Unsubscribe; deliveries still owed are not made' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No subscription with that id' })
  async remove(@Param('id', subscriptionId()) id: string): Promise<void> {
    await this.commands.execute<DeleteSubscriptionCommand, void>(new DeleteSubscriptionCommand(id));
  }

  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'id', description: 'Subscription id (UUID)' })
  @ApiOperation({ summary: 'A new signing secret; deliveries carry signatures with both for 24 h' })
  @ApiOkResponse({ type: RotatedSecretResponseDto, description: 'The new secret, shown only here' })
  @ApiConflictResponse({ description: 'The subscription is disabled' })
  rotate(@Param('id', subscriptionId()) id: string): Promise<RotatedSecret> {
    return this.commands.execute<RotateSecretCommand, RotatedSecret>(new RotateSecretCommand(id));
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiParam({ name: 'id', description: 'Subscription id (UUID)' })
  @ApiOperation({ summary: 'Send a signed ping to the endpoint' })
  @ApiAcceptedResponse({ type: DeliveryResponseDto, description: 'The ping delivery, queued; see GET /deliveries/:id' })
  @ApiConflictResponse({ description: 'The subscription is disabled' })
  test(@Param('id', subscriptionId()) id: string): Promise<DeliveryView> {
    return this.commands.execute<SendTestCommand, DeliveryView>(new SendTestCommand(id));
  }

  @Get(':id/deliveries')
  @ApiParam({ name: 'id', description: 'Subscription id (UUID)' })
  @ApiOperation({ summary: 'Deliveries, newest first, with every attempt (status, response code, latency, error, first 2 KB of the body)' })
  @ApiOkResponse({ type: DeliveryListResponseDto, description: 'A page of deliveries with the total' })
  deliveries(@Param('id', subscriptionId()) id: string, @Query() q: OffsetPageRequestDto): Promise<DeliveryList> {
    return this.queries.execute<ListDeliveriesQuery, DeliveryList>(new ListDeliveriesQuery(id, q.limit ?? 100, q.offset ?? 0));
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiParam({ name: 'id', description: 'Subscription id (UUID)' })
  @ApiOperation({ summary: 'Send again the deliveries made since a time (same webhook-ids)' })
  @ApiAcceptedResponse({ type: ReplayResponseDto, description: 'How many deliveries were queued again' })
  @ApiBadRequestResponse({ description: 'since is not an ISO 8601 date or date-time' })
  @ApiConflictResponse({ description: 'The subscription is disabled' })
  replay(@Param('id', subscriptionId()) id: string, @Query() q: ReplayRequestDto): Promise<{ queued: number }> {
    const since = q.since ? new Date(q.since) : new Date(Date.now() - 86_400_000);
    return this.commands.execute<ReplayDeliveriesCommand, { queued: number }>(new ReplayDeliveriesCommand(id, since));
  }
}
