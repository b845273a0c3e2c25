import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { IncidentEvents } from '@app/domain';
import { ATTACK_SORTS } from '@app/projections';
import { Cursor, FORMATS, Format, IsFilterText, Limit, RangeDto, sortValues, toBoolean } from '../common/page.dto';

const WEAPONS = IncidentEvents.WEAPONS;
const SORTS = sortValues(Object.keys(ATTACK_SORTS));

export class AttackFiltersDto extends RangeDto {
  @ApiPropertyOptional({ description: 'A party either attacking or attacked (e.g. RU, UA)' })
  @IsOptional()
  @IsFilterText()
  party?: string;

  @ApiPropertyOptional({ description: 'The attacking side (e.g. RU)' })
  @IsOptional()
  @IsFilterText()
  perpetrator?: string;

  @ApiPropertyOptional({ description: 'The country hit (e.g. UA)' })
  @IsOptional()
  @IsFilterText()
  target?: string;

  @ApiPropertyOptional({ description: 'A settlement or region named as hit (case and accents ignored), e.g. Kramatorsk' })
  @IsOptional()
  @IsFilterText()
  place?: string;

  @ApiPropertyOptional({ description: 'An oblast, with or without the word "Oblast", e.g. Donetsk' })
  @IsOptional()
  @IsFilterText()
  oblast?: string;

  @ApiPropertyOptional({ description: 'A weapon used', enum: WEAPONS })
  @IsOptional()
  @IsIn(WEAPONS, { message: `weapon must be one of: ${WEAPONS.join(', ')}` })
  weapon?: string;

  @ApiPropertyOptional({ description: 'At least this many killed (the best figure of the latest range)', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'minKilled must be a number ≥ 0' })
  @Min(0, { message: 'minKilled must be a number ≥ 0' })
  minKilled?: number;

  @ApiPropertyOptional({ description: 'At least this many injured', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'minInjured must be a number ≥ 0' })
  @Min(0, { message: 'minInjured must be a number ≥ 0' })
  minInjured?: number;

  @ApiPropertyOptional({
    description: 'At least this many independent sources (distinct outlets: reports of one outlet count once)',
    minimum: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minSources must be a whole number ≥ 1' })
  @Min(1, { message: 'minSources must be a whole number ≥ 1' })
  @Max(100000)
  minSources?: number;

  @ApiPropertyOptional({
    description: 'Order: date, killed, injured or sources; a leading "-" for descending',
    enum: SORTS,
    default: '-date',
  })
  @IsOptional()
  @IsIn(SORTS, { message: `sort must be one of: ${SORTS.join(', ')}` })
  sort?: string;
}

export class ListAttacksDto extends AttackFiltersDto {
  @Limit(500, 50)
  limit?: number;

  @Cursor()
  cursor?: string;

  @Format()
  format?: (typeof FORMATS)[number];
}

export class AttacksGeoJsonDto extends AttackFiltersDto {
  @Limit(5000, 1000)
  limit?: number;

  @Cursor()
  cursor?: string;

  @ApiPropertyOptional({ description: 'Also incidents without coordinates (as features with a null geometry)', default: false })
  @IsOptional()
  @toBoolean()
  @IsBoolean({ message: 'unlocated must be true or false' })
  unlocated?: boolean;
}
