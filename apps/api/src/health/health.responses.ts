import { ApiProperty } from '@nestjs/swagger';

export class LiveResponseDto {
  @ApiProperty({ enum: ['ok'] }) status!: string;
}

export class ReadyChecksDto {
  @ApiProperty({ enum: ['up', 'down'] }) postgres!: string;
  @ApiProperty({ enum: ['up', 'down'] }) redis!: string;
  @ApiProperty({ description: 'applied, unknown, or "pending: <names> (run npm run migrate)"' }) migrations!: string;
}

export class ReadyResponseDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: string;
  @ApiProperty({ type: ReadyChecksDto }) checks!: ReadyChecksDto;
}
