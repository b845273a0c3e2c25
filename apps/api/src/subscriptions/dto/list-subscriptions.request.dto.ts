import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, Max, Min } from 'class-validator';

export class PageRequestDto {
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class ReplayRequestDto {
  @ApiPropertyOptional({
    description: 'Resend the deliveries made since this time (ISO 8601); default: the last 24 hours',
    example: '2025-03-01T00:00:00Z',
  })
  @IsOptional()
  @IsDateString()
  since?: string;
}
