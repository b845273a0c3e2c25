import { Module } from '@nestjs/common';
import { ApiKeyGuard } from './auth/api-key.guard';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { GetDeliveryHandler } from './deliveries/get-delivery.query';
import { RetryDeliveryHandler } from './deliveries/retry-delivery.command';
import {
  WebhookQueueCloser,
  deliveryOutboxProvider,
  subscriptionRegistryProvider,
  webhookQueueProvider,
} from './subscriptions/alerts.providers';
import { CreateSubscriptionHandler } from './subscriptions/create-subscription.command';
import { DeleteSubscriptionHandler } from './subscriptions/delete-subscription.command';
import { GetSubscriptionHandler } from './subscriptions/get-subscription.query';
import { ListDeliveriesHandler } from './subscriptions/list-deliveries.query';
import { ListSubscriptionsHandler } from './subscriptions/list-subscriptions.query';
import { ReplayDeliveriesHandler } from './subscriptions/replay-deliveries.command';
import { RotateSecretHandler } from './subscriptions/rotate-secret.command';
import { SendTestHandler } from './subscriptions/send-test.command';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { UpdateSubscriptionHandler } from './subscriptions/update-subscription.command';

/** Subscriptions and deliveries: the API writes subscriptions and queues resends; the worker delivers. */
@Module({
  controllers: [SubscriptionsController, DeliveriesController],
  providers: [
    webhookQueueProvider,
    WebhookQueueCloser,
    subscriptionRegistryProvider,
    deliveryOutboxProvider,
    CreateSubscriptionHandler,
    UpdateSubscriptionHandler,
    DeleteSubscriptionHandler,
    RotateSecretHandler,
    SendTestHandler,
    ReplayDeliveriesHandler,
    GetSubscriptionHandler,
    ListSubscriptionsHandler,
    ListDeliveriesHandler,
    RetryDeliveryHandler,
    GetDeliveryHandler,
    ApiKeyGuard,
  ],
})
export class AlertsModule {}
