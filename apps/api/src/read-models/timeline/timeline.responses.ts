import { ApiProperty } from '@nestjs/swagger';
import { TIMELINE_FAMILIES } from '@app/projections';
import { NEXT_CURSOR } from '../common/incident.responses';

export class TimelinePlaceDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) oblast!: string | null;
}

export class TimelineItemDto {
  @ApiProperty({ description: 'The incident id; for statements (scheduled talks, demands, rejections) the event id' }) id!: string;
  @ApiProperty({ enum: ['incident', 'statement'] }) kind!: string;
  @ApiProperty({ enum: TIMELINE_FAMILIES }) family!: string;
  @ApiProperty({ format: 'date', description: 'YYYY-MM-DD' }) date!: string;
  @ApiProperty({ description: 'One line in words', example: 'RU attack on Kharkiv (drone): 3 killed, 12 injured' }) summary!: string;
  @ApiProperty({ description: 'Independent sources: distinct outlets among its reports' }) sourceCount!: number;
  @ApiProperty({ type: [String] }) reportIds!: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'string', nullable: true },
    description: 'The outlet of each report, in the order of reportIds (null when not recorded)',
  })
  outlets!: (string | null)[];
  @ApiProperty({ description: 'Global position of its first event in the log' }) firstPosition!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [String] }) parties!: string[];
  @ApiProperty({ type: [TimelinePlaceDto] }) places!: TimelinePlaceDto[];
}

export class TimelinePageDto {
  @ApiProperty({ type: [TimelineItemDto] }) items!: TimelineItemDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
