import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A figure as reported: a range, approximate or exact, with the best single number when there is one. */
export class FigureRangeDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Lower bound ("at least 5"); null when open' }) min!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Upper bound ("up to 10"); null when open' }) max!: number | null;
  @ApiProperty({ description: 'The report gives the figure as approximate ("about", "dozens")' }) approx!: boolean;
  @ApiPropertyOptional({ description: 'The best single number for the range' }) best?: number;
  @ApiPropertyOptional({ description: 'The words the figure was read from' }) phrase?: string;
}

export class PlaceDto {
  @ApiProperty({ example: 'Kharkiv' }) name!: string;
  @ApiPropertyOptional({ description: 'First-level region (oblast)', example: 'Kharkivska' }) admin1?: string;
  @ApiProperty({ description: 'Country (ISO 3166-1 alpha-2)', example: 'UA' }) country!: string;
  @ApiPropertyOptional({ description: 'Latitude, degrees' }) lat?: number;
  @ApiPropertyOptional({ description: 'Longitude, degrees' }) lon?: number;
  @ApiProperty({ enum: ['settlement', 'region', 'country'] }) precision!: string;
}

export class EvidenceDto {
  @ApiProperty({ description: 'The report the sentence is from' }) reportId!: string;
  @ApiProperty({ description: 'The sentence the facts were read from' }) sentence!: string;
  @ApiProperty({ description: 'Offset of the sentence in the report text' }) start!: number;
  @ApiProperty({ description: 'Offset just past the sentence' }) end!: number;
}

/** A report that told of an incident, with the report's title and link. */
export class IncidentSourceDto {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ description: 'The event that recorded it' }) eventId!: string;
  @ApiProperty({ description: 'The family event, or IncidentCorroborated for a further report' }) type!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The feed the report came from' }) feedId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The outlet: the host of the report's URL (else feed:<id>); reports of one outlet are one independent source",
  })
  outlet!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Extraction confidence, 0..1' }) confidence!: number | null;
  @ApiProperty({ type: String, nullable: true }) extractorVersion!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: [EvidenceDto] }) evidence!: EvidenceDto[];
  @ApiProperty({ type: String, nullable: true, description: "The report's headline" }) title!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The report's link" }) url!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When the report was published' }) publishedAt!: string | null;
}

/** Fields every incident has in lists. */
export class IncidentHeadDto {
  @ApiProperty({ description: 'Incident id' }) id!: string;
  @ApiProperty({ format: 'date', description: 'The day it happened (YYYY-MM-DD)' }) date!: string;
  @ApiProperty({ description: 'Independent sources that told of it: distinct outlets among its reports' }) sourceCount!: number;
  @ApiProperty({ description: 'Reports that told of it (several may come from one outlet)' }) reportCount!: number;
  @ApiProperty({ description: 'Global position of its first event in the log' }) firstPosition!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export const SOURCES = { type: [IncidentSourceDto], description: 'Every report that told of it, with its evidence sentences' };
export const NEXT_CURSOR = {
  type: String,
  nullable: true,
  description: 'Pass as cursor for the next page (same filters and sort); null on the last page',
};
