import { ApiProperty } from '@nestjs/swagger';
import { REPORT_OUTCOMES } from '@app/projections';
import { NEXT_CURSOR } from '../common/incident.responses';

export class ExtractedEventRefDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'AttackReported' }) type!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The incident the event belongs to' }) incidentId!: string | null;
  @ApiProperty({ description: 'Global position of the event in the log' }) position!: number;
}

export class ReportListItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The feed it came from; null for reports submitted by hand' })
  feedId!: string | null;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The feed item's guid" }) guid!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ enum: REPORT_OUTCOMES }) outcome!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why nothing was taken from it, when nothing was' }) ignored!: string | null;
  @ApiProperty({ type: String, nullable: true }) extractorVersion!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) processedAt!: string | null;
  @ApiProperty({ type: [String] }) incidentIds!: string[];
  @ApiProperty({ type: [ExtractedEventRefDto], description: 'Events of the latest processing' }) events!: ExtractedEventRefDto[];
  @ApiProperty() firstPosition!: number;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportListItemDto] }) items!: ReportListItemDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
