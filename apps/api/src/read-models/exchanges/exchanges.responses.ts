import { ApiProperty } from '@nestjs/swagger';
import { FigureRangeDto, IncidentHeadDto, IncidentSourceDto, NEXT_CURSOR, SOURCES } from '../common/incident.responses';

export class ExchangeItemDto extends IncidentHeadDto {
  @ApiProperty({ enum: ['prisoners', 'bodies', 'wounded', 'children', 'civilians'] }) category!: string;
  @ApiProperty({ type: [String], example: ['RU', 'UA'] }) parties!: string[];
  @ApiProperty({ type: FigureRangeDto, nullable: true, description: 'People or remains; per side when perSide is true' })
  count!: FigureRangeDto | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'The count is per side ("1,000 for 1,000")' }) perSide!: boolean | null;
  @ApiProperty({ type: FigureRangeDto, nullable: true, description: 'What one side asked for, when fewer were promised' })
  requested!: FigureRangeDto | null;
  @ApiProperty({ enum: ['agreed', 'completed'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'How it is carried out, as the report says (e.g. a mediator)' }) mechanism!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The day it was completed' }) completedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The report that told of the completion' }) completedBy!: string | null;
}

export class ExchangeDetailDto extends ExchangeItemDto {
  @ApiProperty(SOURCES) sources!: IncidentSourceDto[];
}

export class ExchangePageDto {
  @ApiProperty({ type: [ExchangeItemDto], description: 'Exchanges, without their sources' }) items!: ExchangeItemDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
