import { ApiProperty } from '@nestjs/swagger';

export class LogEventDto {
  @ApiProperty({ description: 'Its cursor "<transactionId>:<globalPosition>": pass as after (or Last-Event-ID) to continue after it' })
  id!: string;
  @ApiProperty() globalPosition!: number;
  @ApiProperty({ description: 'The committing transaction (text: it may exceed 2^53)' }) transactionId!: string;
  @ApiProperty({ example: 'incident-3f2a…' }) streamId!: string;
  @ApiProperty() streamPosition!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'AttackReported' }) type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'correlationId, reportId, confidence, extractorVersion…' })
  metadata!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class EventsPageDto {
  @ApiProperty({ type: [LogEventDto], description: 'Events in commit order' }) events!: LogEventDto[];
  @ApiProperty({ description: 'Where the next page starts (pass as after); the same as after when nothing new was there' })
  next!: string;
}
