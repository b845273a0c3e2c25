import { ApiProperty } from '@nestjs/swagger';
import { FigureRangeDto, IncidentHeadDto, IncidentSourceDto, NEXT_CURSOR, SOURCES } from '../common/incident.responses';

export class AttackPlaceDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'First-level region as the gazetteer names it' }) admin1!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Kharkiv Oblast' }) oblast!: string | null;
  @ApiProperty({ example: 'UA' }) country!: string;
  @ApiProperty({ type: Number, nullable: true }) lat!: number | null;
  @ApiProperty({ type: Number, nullable: true }) lon!: number | null;
  @ApiProperty({ enum: ['settlement', 'region', 'country'] }) precision!: string;
}

export class CasualtyFiguresDto {
  @ApiProperty({ type: FigureRangeDto, nullable: true }) killed!: FigureRangeDto | null;
  @ApiProperty({ type: FigureRangeDto, nullable: true }) injured!: FigureRangeDto | null;
}

export class CasualtyRevisionDto extends CasualtyFiguresDto {
  @ApiProperty({ format: 'uuid', description: 'The report that revised the figures' }) reportId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: CasualtyFiguresDto, description: 'The figures before this revision' }) previous!: CasualtyFiguresDto;
}

export class AttackListItemDto extends IncidentHeadDto {
  @ApiProperty({ type: String, nullable: true, description: 'The attacking side', example: 'RU' }) perpetrator!: string | null;
  @ApiProperty({ description: 'The country hit', example: 'UA' }) target!: string;
  @ApiProperty({ type: [String], example: ['drone'] }) weapons!: string[];
  @ApiProperty({ type: Boolean, nullable: true, description: 'Civilian objects were hit; null when the reports do not say' })
  civilianTargets!: boolean | null;
  @ApiProperty({ type: [AttackPlaceDto] }) places!: AttackPlaceDto[];
  @ApiProperty({ type: [String] }) oblasts!: string[];
  @ApiProperty({ type: FigureRangeDto, nullable: true, description: 'Killed, by the latest figures' }) killed!: FigureRangeDto | null;
  @ApiProperty({ type: FigureRangeDto, nullable: true, description: 'Injured, by the latest figures' }) injured!: FigureRangeDto | null;
  @ApiProperty({ type: [CasualtyRevisionDto], description: 'Every change of the figures, oldest first' }) revisions!: CasualtyRevisionDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Who claimed the attack, when someone did' }) claim!: string | null;
}

export class AttackDetailDto extends AttackListItemDto {
  @ApiProperty(SOURCES) sources!: IncidentSourceDto[];
}

export class AttackPageDto {
  @ApiProperty({ type: [AttackListItemDto], description: 'Attack incidents, without their sources' }) items!: AttackListItemDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}

/** GET /attacks.geojson: a FeatureCollection whose properties are the CSV columns. */
export const FEATURE_COLLECTION = {
  type: 'object',
  required: ['type', 'features'],
  properties: {
    type: { type: 'string', enum: ['FeatureCollection'] },
    features: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'id', 'geometry', 'properties'],
        properties: {
          type: { type: 'string', enum: ['Feature'] },
          id: { type: 'string', description: 'Incident id' },
          geometry: {
            type: 'object',
            nullable: true,
            description: 'A Point, or a MultiPoint for several places; null for an incident without coordinates (unlocated=true)',
            properties: {
              type: { type: 'string', enum: ['Point', 'MultiPoint'] },
              coordinates: { type: 'array', items: {}, description: '[longitude, latitude], or a list of them' },
            },
          },
          properties: {
            type: 'object',
            description: 'id, date, perpetrator, target, weapons, places, oblasts, killed…, injured…, civilian_targets, revisions, sources',
            additionalProperties: { nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
          },
        },
      },
    },
  },
};
