import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { SubscriptionRegistry } from '@app/alerts';

export class RotateSecretCommand implements ICommand {
  constructor(readonly id: string) {}
}

export interface RotatedSecret {
  secret: string;
  previousSecretValidUntil: string;
}

@CommandHandler(RotateSecretCommand)
export class RotateSecretHandler implements ICommandHandler<RotateSecretCommand, RotatedSecret> {
  constructor(private readonly registry: SubscriptionRegistry) {}

  execute({ id }: RotateSecretCommand): Promise<RotatedSecret> {
    return this.registry.rotateSecret(id);
  }
}
