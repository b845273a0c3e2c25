import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults point at the local services', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toContain('127.0.0.1:5432');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.port).toBe(3000);
    expect(c.workerRoles).toEqual(['poll', 'process', 'project', 'notify', 'deliver']);
    expect(c.allowPrivateNetwork).toEqual({ all: false, cidrs: [] });
  });

  it('parses lists and booleans', () => {
    const c = loadConfig({ API_KEYS: 'key-one-1234, key-two-5678', WORKER_ROLES: 'poll,project', ALLOW_PRIVATE_NETWORK: 'true' });
    expect(c.apiKeys).toEqual(['key-one-1234', 'key-two-5678']);
    expect(c.workerRoles).toEqual(['poll', 'project']);
    expect(c.allowPrivateNetwork).toEqual({ all: true, cidrs: [] });
  });

  it('allows only the listed private ranges', () => {
    expect(loadConfig({ ALLOW_PRIVATE_NETWORK: '127.0.0.0/8, ::1' }).allowPrivateNetwork).toEqual({
      all: false,
      cidrs: ['127.0.0.0/8', '::1/128'],
    });
    expect(() => loadConfig({ ALLOW_PRIVATE_NETWORK: 'localhost' })).toThrow(/ALLOW_PRIVATE_NETWORK/);
  });

  it('names the malformed variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: must be a whole number/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ WORKER_ROLES: 'poll,cook' })).toThrow(/WORKER_ROLES/);
  });

  it('lists every problem at once and never echoes secrets', () => {
    try {
      loadConfig({ PORT: '0', API_KEYS: 'short', REDIS_URL: 'http://user:secret@x' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toMatch(/PORT/);
      expect(msg).toMatch(/REDIS_URL/);
      expect(msg).not.toContain('secret');
    }
  });

  it('reads webhook secret keys as hex or base64 and refuses others without echoing them', () => {
    const hex = 'a1'.repeat(32);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    const keys = loadConfig({ WEBHOOK_SECRET_KEYS: `${hex}, ${b64}` }).webhookSecretKeys;
    expect(keys.map((k) => k.toString('hex'))).toEqual([hex, '07'.repeat(32)]);
    expect(loadConfig({}).webhookSecretKeys).toEqual([]);
    const short = Buffer.alloc(16, 9).toString('base64');
    expect(() => loadConfig({ WEBHOOK_SECRET_KEYS: `${hex},${short}` })).toThrow(/WEBHOOK_SECRET_KEYS: each key must be 32 bytes/);
    let message = '';
    try {
      loadConfig({ WEBHOOK_SECRET_KEYS: short });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/WEBHOOK_SECRET_KEYS/);
    expect(message).not.toContain(short);
  });
});
