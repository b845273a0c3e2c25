import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';

export class UpdateFeedRequestDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ description: 'Seconds between polls', example: 600 })
  @IsOptional()
  @IsInt()
  @Min(1)
  pollIntervalSeconds?: number;

  @ApiPropertyOptional({
    description: 'true stops polling (FeedPaused); false resumes it, clears the failure run and polls at once (FeedResumed)',
  })
  @IsOptional()
  @IsBoolean()
  paused?: boolean;
}
