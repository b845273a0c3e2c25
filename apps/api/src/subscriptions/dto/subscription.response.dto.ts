import { ApiProperty } from '@nestjs/swagger';
import { NOTIFY_ON } from '@app/alerts';

export class SubscriptionResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) filter!: Record<string, unknown>;
  @ApiProperty({ enum: NOTIFY_ON, isArray: true }) notifyOn!: string[];
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was disabled (410 Gone, or failing for days)' }) disabledReason!:
    string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when deliveries also carry a signature with the secret before the last rotation',
  })
  previousSecretValidUntil!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failingSince!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSuccessAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreatedSubscriptionResponseDto extends SubscriptionResponseDto {
  @ApiProperty({ description: 'The signing secret (Standard Webhooks, whsec_…). Shown only here: store it now.' })
  secret!: string;
}

export class SubscriptionListResponseDto {
  @ApiProperty({ type: [SubscriptionResponseDto] }) items!: SubscriptionResponseDto[];
  @ApiProperty() total!: number;
}

export class RotatedSecretResponseDto {
  @ApiProperty({ description: 'The new signing secret; shown only here' }) secret!: string;
  @ApiProperty({ format: 'date-time', description: 'Deliveries are signed with the old secret as well until then' })
  previousSecretValidUntil!: string;
}

export class AttemptResponseDto {
  @ApiProperty() attempt!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) status!: string;
  @ApiProperty({ type: Number, nullable: true }) responseCode!: number | null;
  @ApiProperty() latencyMs!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The first 2 KB of the response body' }) responseBody!: string | null;
}

export class DeliveryResponseDto {
  @ApiProperty({ format: 'uuid', description: 'Also the webhook-id header of every attempt' }) id!: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The incident alerted of; null for a ping' }) incidentId!: string | null;
  @ApiProperty({ enum: ['incident.reported', 'incident.updated', 'ping'] }) kind!: string;
  @ApiProperty({ type: [String] }) eventIds!: string[];
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty({ description: 'Attempts in the current round (a manual retry or replay starts a new one)' }) attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) lastStatusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [AttemptResponseDto] }) attemptLog!: AttemptResponseDto[];
}

export class DeliveryListResponseDto {
  @ApiProperty({ type: [DeliveryResponseDto] }) items!: DeliveryResponseDto[];
  @ApiProperty() total!: number;
}

export class ReplayResponseDto {
  @ApiProperty({ description: 'Deliveries queued again' }) queued!: number;
}
