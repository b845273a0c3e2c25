import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { AppConfig } from '@app/config';
import { createPool } from '@app/database';
import { PostgresEventStore, RedisAppendNotifier, RedisWakeSource, eventsChannel } from '@app/event-store';
import { createRedis } from './redis';
import { Logger } from './logger';

export const PG_POOL = Symbol('PG_POOL');
export const REDIS = Symbol('REDIS');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const WAKE_SOURCE = Symbol('WAKE_SOURCE');
export const LOGGER = Symbol('LOGGER');

@Injectable()
class InfrastructureShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(WAKE_SOURCE) private readonly wake: RedisWakeSource,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.wake.close();
    this.redis.disconnect();
    await this.pool.end().catch(() => undefined);
  }
}

/** PostgreSQL pool, Redis, the event store and the logger, shared by every module of an app. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig, logger: Logger, appName: string): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: PG_POOL, useFactory: () => createPool(config.databaseUrl, config.databasePoolSize, appName) },
        { provide: REDIS, useFactory: () => createRedis(config.redisUrl) },
        { provide: WAKE_SOURCE, useFactory: () => new RedisWakeSource(config.redisUrl, eventsChannel(config.redisPrefix)) },
        {
          provide: EVENT_STORE,
          inject: [PG_POOL, REDIS],
          useFactory: (pool: Pool, redis: Redis) =>
            new PostgresEventStore(pool, { notifier: new RedisAppendNotifier(redis, eventsChannel(config.redisPrefix)) }),
        },
        InfrastructureShutdown,
      ],
      exports: [LOGGER, PG_POOL, REDIS, WAKE_SOURCE, EVENT_STORE],
    };
  }
}
