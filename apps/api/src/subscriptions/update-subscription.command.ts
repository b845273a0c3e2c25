import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { SubscriptionRegistry, SubscriptionView } from '@app/alerts';
import { UpdateSubscriptionRequestDto } from './dto/update-subscription.request.dto';

export class UpdateSubscriptionCommand implements ICommand {
  constructor(
    readonly id: string,
    readonly request: UpdateSubscriptionRequestDto,
  ) {}
}

@CommandHandler(UpdateSubscriptionCommand)
export class UpdateSubscriptionHandler implements ICommandHandler<UpdateSubscriptionCommand, SubscriptionView> {
  constructor(private readonly registry: SubscriptionRegistry) {}

  execute({ id, request }: UpdateSubscriptionCommand): Promise<SubscriptionView> {
    return this.registry.update(id, request);
  }
}
