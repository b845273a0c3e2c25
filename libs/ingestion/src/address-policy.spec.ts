import { createAddressPolicy, UrlNotAllowedError } from './address-policy';

describe('address policy', () => {
  const strict = createAddressPolicy({ allowPrivate: false });

  it.each([
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
  ])('refuses %s as %s', (ip, category) => {
    const verdict = strict.check(ip);
    expect(verdict.allowed).toBe(false);
    expect(verdict.category).toBe(category);
    expect(verdict.reason).toContain(ip);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows public %s', (ip) => {
    expect(strict.check(ip)).toEqual({ allowed: true });
  });

  it('words reasons as noun phrases', () => {
    expect(strict.check('10.0.0.1').reason).toBe('a private address 10.0.0.1');
    expect(strict.check('169.254.169.254').reason).toBe('a cloud metadata address 169.254.169.254');
    expect(strict.check('not-an-ip').allowed).toBe(false);
  });

  it('allowPrivate opens private ranges but never cloud metadata, multicast or unspecified', () => {
    const lax = createAddressPolicy({ allowPrivate: true });
    expect(lax.check('10.0.0.1').allowed).toBe(true);
    expect(lax.check('127.0.0.1').allowed).toBe(true);
    expect(lax.check('169.254.169.254').allowed).toBe(false);
    expect(lax.check('fd00:ec2::254').allowed).toBe(false);
    expect(lax.check('224.0.0.1').allowed).toBe(false);
    expect(lax.check('0.0.0.0').allowed).toBe(false);
  });

  it('allowCidrs opens only the listed ranges', () => {
    const loopbackOnly = createAddressPolicy({ allowPrivate: false, allowCidrs: ['127.0.0.0/8', '::1/128'] });
    expect(loopbackOnly.check('127.0.0.1').allowed).toBe(true);
    expect(loopbackOnly.check('::1').allowed).toBe(true);
    expect(loopbackOnly.check('::ffff:127.0.0.1').allowed).toBe(true);
    expect(loopbackOnly.check('10.0.0.1').allowed).toBe(false);
    expect(loopbackOnly.check('169.254.169.254').allowed).toBe(false);
  });

  it('rejects malformed CIDRs when created', () => {
    expect(() => createAddressPolicy({ allowPrivate: false, allowCidrs: ['10.0.0.0/33'] })).toThrow(/prefix/);
    expect(() => createAddressPolicy({ allowPrivate: false, allowCidrs: ['nope/8'] })).toThrow(/invalid CIDR/);
  });

  describe('assertUrlAllowed', () => {
    const resolveTo = (address: string) => async () => [{ address, family: address.includes(':') ? 6 : 4 }];

    it('refuses other schemes', async () => {
      await expect(strict.assertUrlAllowed('ftp://example.com/feed')).rejects.toThrow(UrlNotAllowedError);
      await expect(strict.assertUrlAllowed('file:///etc/passwd')).rejects.toThrow(/only http and https/);
    });

    it('refuses IP literals in refused ranges, IPv6 in brackets included', async () => {
      await expect(strict.assertUrlAllowed('http://10.0.0.1/feed')).rejects.toThrow('a private address 10.0.0.1');
      await expect(strict.assertUrlAllowed('http://[::1]:8080/')).rejects.toThrow(/loopback/);
      await expect(strict.assertUrlAllowed('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(/metadata/);
    });

    it('refuses cloud metadata host names without resolving them', async () => {
      const resolve = jest.fn(resolveTo('8.8.8.8'));
      const policy = createAddressPolicy({ allowPrivate: true, resolve });
      await expect(policy.assertUrlAllowed('http://metadata.google.internal/computeMetadata/v1/')).rejects.toThrow(
        'a cloud metadata host metadata.google.internal',
      );
      expect(resolve).not.toHaveBeenCalled();
    });

    it('resolves host names and refuses one that points inside', async () => {
      const policy = createAddressPolicy({ allowPrivate: false, resolve: resolveTo('192.168.0.10') });
      const error = await policy.assertUrlAllowed('https://intranet.example/feed').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UrlNotAllowedError);
      expect((error as UrlNotAllowedError).reason).toBe('a private address 192.168.0.10 (intranet.example resolves to it)');
    });

    it('accepts a host name that resolves to a public address', async () => {
      const policy = createAddressPolicy({ allowPrivate: false, resolve: resolveTo('93.184.216.34') });
      await expect(policy.assertUrlAllowed('https://news.example/rss')).resolves.toBeUndefined();
    });
  });

  describe('connect-time lookup', () => {
    function lookupOnce(policy: ReturnType<typeof createAddressPolicy>, all: boolean) {
      return new Promise<{ err: Error | null; address: unknown }>((resolve) =>
        policy.lookup('news.example', { all }, (err, address) => resolve({ err, address })),
      );
    }

    it('refuses the connection when the name now resolves to a refused address (DNS rebinding)', async () => {
      const policy = createAddressPolicy({
        allowPrivate: false,
        resolve: async () => [{ address: '169.254.169.254', family: 4 }],
      });
      const { err } = await lookupOnce(policy, false);
      expect(err).toBeInstanceOf(UrlNotAllowedError);
      expect((err as UrlNotAllowedError).reason).toContain('169.254.169.254');
    });

    it('hands only allowed addresses to the socket', async () => {
      const policy = createAddressPolicy({
        allowPrivate: false,
        resolve: async () => [
          { address: '10.1.1.1', family: 4 },
          { address: '93.184.216.34', family: 4 },
        ],
      });
      expect(await lookupOnce(policy, false)).toEqual({ err: null, address: '93.184.216.34' });
      expect(await lookupOnce(policy, true)).toEqual({ err: null, address: [{ address: '93.184.216.34', family: 4 }] });
    });
  });
});
