import Redis from 'ioredis';
import { dropDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const admin = process.env.TEST_ADMIN_DATABASE_URL;
  const name = process.env.TEST_DATABASE_NAME;
  if (admin && name && process.env.KEEP_TEST_DATABASE !== '1') await dropDatabase(admin, name);
  const prefix = process.env.REDIS_PREFIX;
  if (prefix?.startsWith('cmtest:')) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
