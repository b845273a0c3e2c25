import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsInstant } from '../../common/is-instant';

export class ReplayRequestDto {
  @ApiPropertyOptional({
    description: 'Resend the deliveries made since this time (an ISO 8601 date or date-time); default: the last 24 hours',
    example: '2025-03-01T00:00:00Z',
  })
  @IsOptional()
  @IsInstant()
  since?: string;
}
