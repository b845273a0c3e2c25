import { ApiProperty } from '@nestjs/swagger';

export class CheckpointDto {
  @ApiProperty() transactionId!: string;
  @ApiProperty() globalPosition!: number;
}

export class ProjectionStatusDto {
  @ApiProperty({ example: 'attacks' }) name!: string;
  @ApiProperty({ enum: ['running', 'stopped'], description: "running: a worker holds the projection's lock" }) state!: string;
  @ApiProperty({ description: 'A rebuild of it is under way' }) rebuilding!: boolean;
  @ApiProperty({ type: CheckpointDto, nullable: true, description: 'The last event applied' }) checkpoint!: CheckpointDto | null;
  @ApiProperty({ description: 'Events in the log after the checkpoint' }) lag!: number;
  @ApiProperty({ description: 'The lag was counted only up to a cap: it is at least lag' }) lagCapped!: boolean;
  @ApiProperty({ description: 'Global position of the newest event in the log' }) headPosition!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) updatedAt!: string | null;
}

export class RebuildStartedDto {
  @ApiProperty() projection!: string;
  @ApiProperty({ enum: ['started'] }) status!: string;
}

export class RebuildDoneDto {
  @ApiProperty({ enum: ['rebuilt'] }) status!: string;
  @ApiProperty() projection!: string;
  @ApiProperty({ description: 'Events read from the log' }) eventsRead!: number;
  @ApiProperty({ description: 'Events the projection applied' }) eventsApplied!: number;
  @ApiProperty() seconds!: number;
}
