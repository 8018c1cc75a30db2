import { describe, expect, it } from 'vitest';
import { HostConfigError, loadHostConfig } from './config.js';

const secret = { HOST_SHARED_SECRET: 'a-secret-of-sixteen-chars' };

describe('loadHostConfig', () => {
  it('fills the defaults, and a blank setting (NAME= from .env.example) is unset', () => {
    const config = loadHostConfig({ ...secret, HOST_PORT: '', LEASE_TTL_MS: ' ', SEND_RATE_PER_MINUTE: '', ALLOW_PRIVATE_NETWORK_FETCH: '', LIBSQL_URL: '' });
    expect(config).toMatchObject({ HOST_PORT: 3003, LEASE_TTL_MS: 15_000, SEND_RATE_PER_MINUTE: 30, ALLOW_PRIVATE_NETWORK_FETCH: false, LOG_LEVEL: 'info' });
    expect(config.LIBSQL_URL).toBeUndefined();
  });

  it('reads numbers, decimals and flags', () => {
    const config = loadHostConfig({
      ...secret,
      HOST_PORT: '0',
      SEND_RATE_PER_MINUTE: '0.5',
      ALLOW_PRIVATE_NETWORK_FETCH: 'true',
      LIBSQL_URL: 'libsql://db.example.com',
    });
    expect(config).toMatchObject({ HOST_PORT: 0, SEND_RATE_PER_MINUTE: 0.5, ALLOW_PRIVATE_NETWORK_FETCH: true, LIBSQL_URL: 'libsql://db.example.com' });
  });

  it.each([
    [{ HOST_SHARED_SECRET: '' }, 'HOST_SHARED_SECRET is required'],
    [{ HOST_SHARED_SECRET: 'short' }, 'HOST_SHARED_SECRET must be at least 16 characters'],
    [{ HOST_PORT: '65536' }, 'HOST_PORT must be a whole number from 0 to 65535'],
    [{ LEASE_TTL_MS: '15s' }, 'LEASE_TTL_MS must be a whole number of at least 1000'],
    [{ LEASE_TTL_MS: '999' }, 'LEASE_TTL_MS must be a whole number of at least 1000'],
    [{ SEND_RATE_PER_MINUTE: '-1' }, 'SEND_RATE_PER_MINUTE must be a number of at least 0'],
    [{ ALLOW_PRIVATE_NETWORK_FETCH: '1' }, 'ALLOW_PRIVATE_NETWORK_FETCH must be true or false'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ LIBSQL_URL: 'db.example.com' }, 'LIBSQL_URL must be a libsql://, http(s)://, ws(s):// or file: URL'],
    [{ S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT must be an absolute http(s) URL'],
    [{ HOST_PUBLIC_URL: 'host-1' }, 'HOST_PUBLIC_URL must be an absolute http(s) URL'],
  ])('refuses %o naming the setting', (override, message) => {
    const load = () => loadHostConfig({ ...secret, ...override });
    expect(load).toThrow(HostConfigError);
    expect(load).toThrow(message);
  });
});
