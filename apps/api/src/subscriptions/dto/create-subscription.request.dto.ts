import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NOTIFY_ON } from '@app/alerts';

export const FILTER_DESCRIPTION =
  'What to be alerted of; every criterion given must hold. families: event families; parties: any of these parties involved; ' +
  'places / oblasts / bbox ([west, south, east, north]): where (any of them); minKilled; minSources: only once this many ' +
  'independent sources (distinct outlets) tell of it; minConfidence (0..1); keywords: any of these words in the reporting sentences.';

export const FILTER_EXAMPLE = { families: ['AttackReported'], oblasts: ['Kharkiv Oblast'], minKilled: 5, minSources: 2 };

export class CreateSubscriptionRequestDto {
  @ApiProperty({
    description: 'The https endpoint that receives signed POSTs (checked against the address policy)',
    example: 'https://example.org/hooks/conflict',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ description: FILTER_DESCRIPTION, example: FILTER_EXAMPLE, type: 'object', additionalProperties: true })
  @IsObject()
  filter!: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'Besides the first alert of an incident: corroborations (every further report), casualties (revised figures), status (a ceasefire accepted or rejected, an exchange completed)',
    enum: NOTIFY_ON,
    isArray: true,
    default: ['first'],
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  notifyOn?: string[];
}
