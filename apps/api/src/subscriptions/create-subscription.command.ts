import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { SubscriptionRegistry, SubscriptionView } from '@app/alerts';
import { CreateSubscriptionRequestDto } from './dto/create-subscription.request.dto';

export class CreateSubscriptionCommand implements ICommand {
  constructor(readonly request: CreateSubscriptionRequestDto) {}
}

export type CreatedSubscription = SubscriptionView & { secret: string };

/** SubscriptionCreated on `subscription-<id>` and the row with its new secret, returned this once. */
@CommandHandler(CreateSubscriptionCommand)
export class CreateSubscriptionHandler implements ICommandHandler<CreateSubscriptionCommand, CreatedSubscription> {
  constructor(private readonly registry: SubscriptionRegistry) {}

  async execute({ request }: CreateSubscriptionCommand): Promise<CreatedSubscription> {
    const { subscription, secret } = await this.registry.create(request);
    return { ...subscription, secret };
  }
}
