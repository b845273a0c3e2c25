import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NOTIFY_ON } from '@app/alerts';
import { FILTER_DESCRIPTION } from './create-subscription.request.dto';

export class UpdateSubscriptionRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ description: FILTER_DESCRIPTION, type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  filter?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: NOTIFY_ON, isArray: true })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  notifyOn?: string[];

  @ApiPropertyOptional({ description: 'true enables a subscription that was disabled (410 Gone, or failing for days)' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
