import { describe, expect, it } from 'vitest';
import { EdgeConfigError, parseEdgeConfig } from './config.js';

const minimal = { LIBSQL_URL: 'http://127.0.0.1:1', S3_BUCKET: 'b', MASTER_API_KEY: 'k', HOST_SHARED_SECRET: 's', SESSION_HOST_URL: 'http://127.0.0.1:2' };

describe('parseEdgeConfig', () => {
  it('fills the defaults and treats empty strings as unset', () => {
    const config = parseEdgeConfig({ ...minimal, ADMIN_USERNAME: '', LOGIN_MAX_ATTEMPTS: '', TRUST_PROXY: '', PUBLIC_URL: '' });
    expect(config).toMatchObject({ ADMIN_USERNAME: 'admin', LOGIN_MAX_ATTEMPTS: 10, LEGACY_API_AUTH: 'token', TRUST_PROXY: undefined, PUBLIC_URL: undefined });
  });

  it('reads DEFAULT_COUNTRY as an upper-case country code; unset or empty is none', () => {
    expect(parseEdgeConfig({ ...minimal, DEFAULT_COUNTRY: ' id ' }).DEFAULT_COUNTRY).toBe('ID');
    expect(parseEdgeConfig({ ...minimal, DEFAULT_COUNTRY: '' }).DEFAULT_COUNTRY).toBeUndefined();
  });

  it('reads TRUST_PROXY as a lowercased header name and PUBLIC_URL as a URL', () => {
    const config = parseEdgeConfig({ ...minimal, TRUST_PROXY: 'X-Forwarded-For', PUBLIC_URL: 'https://wa.example.com/', LOGIN_MAX_ATTEMPTS: '5' });
    expect(config.TRUST_PROXY).toBe('x-forwarded-for');
    expect(config.PUBLIC_URL?.origin).toBe('https://wa.example.com');
    expect(config.LOGIN_MAX_ATTEMPTS).toBe(5);
  });

  it.each([
    [{ MASTER_API_KEY: '' }, 'MASTER_API_KEY is required'],
    [{ SESSION_HOST_URL: 'not a url' }, 'SESSION_HOST_URL must be an absolute URL'],
    [{ PUBLIC_URL: 'wa.example.com' }, 'PUBLIC_URL must be an absolute http(s) URL'],
    [{ PUBLIC_URL: 'ftp://wa.example.com' }, 'PUBLIC_URL must be an absolute http(s) URL'],
    [{ TRUST_PROXY: 'x-forwarded-for, x-real-ip' }, 'TRUST_PROXY must be a header name'],
    [{ LEGACY_API_AUTH: 'open' }, 'LEGACY_API_AUTH must be token or none'],
    [{ LOGIN_MAX_ATTEMPTS: 'ten' }, 'LOGIN_MAX_ATTEMPTS must be a whole number'],
    [{ LOGIN_MAX_ATTEMPTS: '0' }, 'LOGIN_MAX_ATTEMPTS must be a whole number of at least 1'],
    [{ S3_FORCE_PATH_STYLE: 'yes' }, 'S3_FORCE_PATH_STYLE must be true or false'],
    [{ ADMIN_PASSWORD_HASH: 'pbkdf2-sha256$600000$c2FsdA$aGFzaA' }, 'ADMIN_PASSWORD_HASH must be pbkdf2-sha256$<iterations, at most 100000>'],
    [{ ADMIN_PASSWORD_HASH: 'plain-text-password' }, 'ADMIN_PASSWORD_HASH must be pbkdf2-sha256'],
    [{ DEFAULT_COUNTRY: 'Indonesia' }, 'DEFAULT_COUNTRY must be an ISO 3166 alpha-2 country code'],
    [{ DEFAULT_COUNTRY: 'XX' }, 'DEFAULT_COUNTRY must be an ISO 3166 alpha-2 country code'],
  ])('refuses %o naming the setting', (override, message) => {
    expect(() => parseEdgeConfig({ ...minimal, ...override })).toThrow(EdgeConfigError);
    expect(() => parseEdgeConfig({ ...minimal, ...override })).toThrow(message);
  });
});
