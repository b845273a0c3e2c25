import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional } from 'class-validator';

export class ReplayRequestDto {
  @ApiPropertyOptional({
    description: 'Resend the deliveries made since this time (ISO 8601); default: the last 24 hours',
    example: '2025-03-01T00:00:00Z',
  })
  @IsOptional()
  @IsDateString()
  since?: string;
}
