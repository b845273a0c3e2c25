import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** limit/offset paging of the operational lists (feeds, subscriptions, deliveries). */
export class OffsetPageRequestDto {
  @ApiPropertyOptional({ description: 'Page size, 1 to 1000', default: 100, minimum: 1, maximum: 1000, type: Number })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'How many items to skip', default: 0, minimum: 0, type: Number })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
