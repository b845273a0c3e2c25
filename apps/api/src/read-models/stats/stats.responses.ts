import { ApiProperty } from '@nestjs/swagger';
import { STATS_GROUP_BY } from '@app/projections';

export class StatsBucketDto {
  @ApiProperty({ description: 'The oblast, the day (YYYY-MM-DD) or the Monday of the ISO week' }) key!: string;
  @ApiProperty({ description: 'Attack incidents' }) incidents!: number;
  @ApiProperty({ description: 'Killed (best figures of the latest ranges)' }) killed!: number;
  @ApiProperty({ description: 'Injured (best figures of the latest ranges)' }) injured!: number;
}

export class AttackStatsResponseDto {
  @ApiProperty({ enum: STATS_GROUP_BY }) groupBy!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) to!: string | null;
  @ApiProperty({ type: [StatsBucketDto] }) buckets!: StatsBucketDto[];
}
