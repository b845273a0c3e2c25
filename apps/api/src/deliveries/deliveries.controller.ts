import { Controller, Get, HttpCode, HttpStatus, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DeliveryView } from '@app/alerts';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { uuidParam } from '../common/uuid-param';
import { AlertsErrorsFilter } from '../subscriptions/alerts-errors.filter';
import { DeliveryResponseDto } from '../subscriptions/dto/subscription.response.dto';
import { GetDeliveryQuery } from './get-delivery.query';
import { RetryDeliveryCommand } from './retry-delivery.command';

const deliveryIdPipe = () => uuidParam('DELIVERY.BAD_ID');

@ApiTags('subscriptions')
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'No or a wrong API key' })
@ApiBadRequestResponse({ description: 'The id is not a UUID' })
@Controller('deliveries')
@UseGuards(ApiKeyGuard)
@UseFilters(AlertsErrorsFilter)
export class DeliveriesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id')
  @ApiParam({ name: 'id', description: 'Delivery id (UUID), as in the webhook-id header' })
  @ApiOperation({ summary: 'A delivery with its attempts' })
  @ApiOkResponse({ type: DeliveryResponseDto, description: 'The delivery with every attempt' })
  @ApiNotFoundResponse({ description: 'No delivery with that id' })
  get(@Param('id', deliveryIdPipe()) id: string): Promise<DeliveryView> {
    return this.queries.execute<GetDeliveryQuery, DeliveryView>(new GetDeliveryQuery(id));
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiParam({ name: 'id', description: 'Delivery id (UUID)' })
  @ApiOperation({ summary: 'Send a delivery again (same webhook-id), with a fresh retry schedule' })
  @ApiAcceptedResponse({ type: DeliveryResponseDto, description: 'The delivery, queued again' })
  @ApiNotFoundResponse({ description: 'No delivery with that id' })
  @ApiConflictResponse({ description: 'Its subscription is disabled' })
  retry(@Param('id', deliveryIdPipe()) id: string): Promise<DeliveryView> {
    return this.commands.execute<RetryDeliveryCommand, DeliveryView>(new RetryDeliveryCommand(id));
  }
}
