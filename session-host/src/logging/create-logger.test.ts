// The log format as a person or a log shipper gets it: a real process, its stdout a pipe (not a
// terminal), with pino-pretty running as pino's transport where asked for.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SCRIPT = `
import { createLogger } from './session-host/src/logging/create-logger.ts';
const log = createLogger({ level: 'info', format: process.env.FORMAT, base: { service: 'session-host' } });
log.child({ component: 'internal-api', requestId: 'req-1' }).info({ status: 200 }, 'internal call');
log.debug('not at info');
`;

async function linesOf(format: string): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    env: { ...process.env, FORMAT: format },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
  return out.split('\n').filter(Boolean);
}

describe('createLogger', () => {
  it('writes one JSON object a line when stdout is not a terminal (auto) or when asked (json)', async () => {
    for (const format of ['auto', 'json']) {
      const lines = await linesOf(format);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, service: 'session-host', component: 'internal-api', requestId: 'req-1', msg: 'internal call' });
    }
  });

  it('writes one readable line an entry with pretty: time, level, who, message, then the fields; no colour codes into a pipe', async () => {
    const lines = await linesOf('pretty');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: session-host\/internal-api internal call \{"requestId":"req-1","status":200\}$/);
  });
});
