import { Controller, Get, HttpCode, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { PG_POOL, REDIS, redisReachable } from '@app/common';
import { pendingMigrations } from '@app/database';
import { LiveResponseDto, ReadyResponseDto } from './health.responses';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LiveResponseDto, description: 'The process is up.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ type: ReadyResponseDto, description: 'PostgreSQL and Redis are reachable and every migration is applied.' })
  @ApiServiceUnavailableResponse({ type: ReadyResponseDto, description: 'Something the API needs is missing; the body says what.' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const [postgres, pending, redis] = await Promise.all([
      this.pool.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      pendingMigrations((sql) => this.pool.query(sql)),
      redisReachable(this.redis),
    ]);
    const ok = postgres && redis && pending.length === 0;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ok ? 'ok' : 'unavailable',
      checks: {
        postgres: postgres ? 'up' : 'down',
        redis: redis ? 'up' : 'down',
        migrations: !postgres ? 'unknown' : pending.length ? `pending: ${pending.join(', ')} (run npm run migrate)` : 'applied',
      },
    };
  }
}
