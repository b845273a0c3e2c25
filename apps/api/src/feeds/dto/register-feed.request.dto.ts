import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';

export class RegisterFeedRequestDto {
  @ApiProperty({
    description: 'The feed URL (http or https; private and metadata addresses are refused)',
    example: 'https://example.org/rss.xml',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ description: 'A name for the feed; the title the feed announces is shown when absent', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({
    description: 'Seconds between polls (default 300; at least MIN_POLL_INTERVAL_SECONDS, 30 unless lowered)',
    example: 300,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  pollIntervalSeconds?: number;
}
