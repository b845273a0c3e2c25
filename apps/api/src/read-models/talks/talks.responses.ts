import { ApiProperty } from '@nestjs/swagger';
import { FigureRangeDto, IncidentHeadDto, IncidentSourceDto, NEXT_CURSOR, PlaceDto, SOURCES } from '../common/incident.responses';

export class DelegationLeadDto {
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'UA' }) party!: string;
  @ApiProperty({ type: String, nullable: true }) role!: string | null;
}

export class NextRoundDto {
  @ApiProperty({ type: String, nullable: true, description: 'Earliest day named for it' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Latest day named for it' }) to!: string | null;
  @ApiProperty({ type: PlaceDto, nullable: true }) location!: PlaceDto | null;
}

export class TalksItemDto extends IncidentHeadDto {
  @ApiProperty({ type: PlaceDto, nullable: true, description: 'Where the talks were held' }) place!: PlaceDto | null;
  @ApiProperty({ type: [String], example: ['RU', 'UA'] }) parties!: string[];
  @ApiProperty({ type: [String], example: ['TR'] }) mediators!: string[];
  @ApiProperty({ type: [DelegationLeadDto], description: 'Heads of delegation' }) leads!: DelegationLeadDto[];
  @ApiProperty({ type: FigureRangeDto, nullable: true }) durationMinutes!: FigureRangeDto | null;
  @ApiProperty({ enum: ['breakthrough', 'partial', 'no_progress', 'unknown'] }) outcome!: string;
  @ApiProperty({ type: NextRoundDto, nullable: true }) nextRound!: NextRoundDto | null;
}

export class TalksDetailDto extends TalksItemDto {
  @ApiProperty(SOURCES) sources!: IncidentSourceDto[];
}

export class TalksPageDto {
  @ApiProperty({ type: [TalksItemDto], description: 'Rounds of talks, without their sources' }) items!: TalksItemDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
