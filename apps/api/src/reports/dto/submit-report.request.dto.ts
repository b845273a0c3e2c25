import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { IsInstant } from '../../common/is-instant';

export class SubmitReportRequestDto {
  @ApiProperty({ description: 'Headline of the report', maxLength: 1000, example: 'Russian missile strike on Kharkiv kills three' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  title!: string;

  @ApiProperty({ description: 'Full text of the report', maxLength: 200000 })
  @IsString()
  @MaxLength(200_000)
  content!: string;

  @ApiPropertyOptional({ description: 'Where the report was published (http or https)', example: 'https://example.org/news/1' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({
    description:
      'When it was published: an ISO 8601 date or date-time (week and ordinal dates are not accepted); relative dates in the text are read against it',
    example: '2025-06-02T18:00:00Z',
  })
  @IsOptional()
  @IsInstant()
  publishedAt?: string;
}
