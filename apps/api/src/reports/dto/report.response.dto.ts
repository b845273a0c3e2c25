import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SubmittedReportResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The report id: GET /reports/{id} shows it and what was taken from it' }) id!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}

export class ReportEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'AttackReported' }) type!: string;
  @ApiProperty({ description: 'The stream it was appended to (incident-<id> for incident events)' }) streamId!: string;
  @ApiPropertyOptional({ description: 'Extraction confidence, 0..1' }) confidence?: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's data, as GET /events shows it" })
  data!: Record<string, unknown>;
}

export class ReportResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional() content?: string;
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional({ format: 'date-time' }) publishedAt?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The feed it came from' }) feedId?: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ enum: ['pending', 'processed'] }) status!: string;
  @ApiPropertyOptional() extractorVersion?: string;
  @ApiPropertyOptional({ description: 'Why nothing was taken from it, when nothing was' }) ignored?: string;
  @ApiProperty({ type: [String] }) incidentIds!: string[];
  @ApiProperty({ type: [ReportEventDto], description: 'The events its latest processing took from it' }) events!: ReportEventDto[];
}
