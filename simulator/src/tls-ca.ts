/**
 * A throwaway test CA and a loopback server certificate for the media HTTPS server, generated
 * at runtime with the `openssl` CLI (node:crypto cannot issue X.509 certificates). Nothing is
 * committed; the keys live in a temp dir that is removed right away.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestTls {
  caCertPem: string;
  keyPem: string;
  certPem: string;
}

export function generateTestTls(): TestTls {
  const dir = mkdtempSync(join(tmpdir(), 'wa-sim-tls-'));
  const f = (n: string): string => join(dir, n);
  const ossl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  try {
    ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('ca.key'));
    ossl('req', '-x509', '-new', '-key', f('ca.key'), '-sha256', '-days', '2', '-subj', '/CN=wa-gateway simulator test CA', '-out', f('ca.pem'));
    ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('srv.key'));
    ossl('req', '-new', '-key', f('srv.key'), '-subj', '/CN=127.0.0.1', '-out', f('srv.csr'));
    writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    ossl(
      'x509',
      '-req',
      '-in',
      f('srv.csr'),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-sha256',
      '-extfile',
      f('ext.cnf'),
      '-out',
      f('srv.pem'),
    );
    return {
      caCertPem: readFileSync(f('ca.pem'), 'utf8'),
      keyPem: readFileSync(f('srv.key'), 'utf8'),
      certPem: readFileSync(f('srv.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
