import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FigureRangeDto, IncidentHeadDto, IncidentSourceDto, NEXT_CURSOR, SOURCES } from '../common/incident.responses';

const RESPONSES = ['pending', 'accepted', 'rejected'];

export class CeasefireResponseEntryDto {
  @ApiProperty({ enum: RESPONSES }) response!: string;
  @ApiProperty({ description: 'The report that told of it' }) reportId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class CeasefireConditionDto {
  @ApiProperty({ description: 'The side that sets it', example: 'RU' }) by!: string;
  @ApiProperty({ description: 'The condition as the report words it', example: 'Kyiv halts mobilisation' }) text!: string;
}

export class CeasefireItemDto extends IncidentHeadDto {
  @ApiProperty({ example: 'UA' }) proposer!: string;
  @ApiProperty({ type: String, nullable: true, example: 'RU' }) addressee!: string | null;
  @ApiProperty({ type: FigureRangeDto, nullable: true }) durationDays!: FigureRangeDto | null;
  @ApiProperty({ type: String, nullable: true, enum: ['full', 'partial', 'energy', 'sea', 'humanitarian'] }) scope!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'true: no conditions; false: conditions named; null: not said' })
  unconditional!: boolean | null;
  @ApiPropertyOptional({
    type: [CeasefireConditionDto],
    description:
      'Conditions attached to the truce, by the side that sets them (the proposer or the side it is put to), as reports name them. ' +
      'Absent on rows built before conditions were read: `POST /projections/ceasefires/rebuild` fills them.',
  })
  conditions?: CeasefireConditionDto[];
  @ApiProperty({ type: String, nullable: true }) purpose!: string | null;
  @ApiProperty({ enum: RESPONSES, description: 'The current response' }) response!: string;
  @ApiProperty({ type: [CeasefireResponseEntryDto], description: 'Responses over time, oldest first' })
  responses!: CeasefireResponseEntryDto[];
}

export class CeasefireDetailDto extends CeasefireItemDto {
  @ApiProperty(SOURCES) sources!: IncidentSourceDto[];
}

export class CeasefirePageDto {
  @ApiProperty({ type: [CeasefireItemDto], description: 'Ceasefire proposals, without their sources' }) items!: CeasefireItemDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
