import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/index.js';

const BUDI = '6281234567890';
let sim: Simulator;
let child: ChildProcessWithoutNullStreams | undefined;

beforeAll(async () => {
  sim = await startSimulator();
  sim.addContact(BUDI, { name: 'Budi' });
});
afterAll(async () => {
  child?.kill();
  await sim?.close();
});

describe('trust installed by another process', () => {
  it('a child process given SimulatorInfo as JSON pairs, sends and downloads media', async () => {
    const script = fileURLToPath(new URL('./fixtures/child-client.ts', import.meta.url));
    child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, WA_SIM_INFO: JSON.stringify(sim.info) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, string>> = [];
    const waiters: Array<() => void> = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (l) => {
      try {
        lines.push(JSON.parse(l) as Record<string, string>);
      } catch {
        return;
      }
      for (const w of waiters.splice(0)) w();
    });
    const next = async (key: string): Promise<Record<string, string>> => {
      const deadline = Date.now() + 40_000;
      for (;;) {
        const hit = lines.find((l) => key in l || 'error' in l);
        if (hit) {
          if ('error' in hit) throw new Error(`child: ${hit.error}\n${stderr}`);
          return hit;
        }
        if (Date.now() > deadline) throw new Error(`child said no ${key}\n${stderr}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 500);
        });
      }
    };
    const { qr } = await next('qr');
    await sim.scan(qr!, { phone: '6280000000031' });
    expect((await next('open')).open).toBe('6280000000031:1@s.whatsapp.net');
    child.stdin.write(`${JSON.stringify({ send: { to: `${BUDI}@s.whatsapp.net`, text: 'from the child' } })}\n`);
    const [m] = await sim.waitForSent(BUDI);
    expect(m!.text).toBe('from the child');
    const bytes = randomBytes(4096);
    const id = await sim.sendFrom(BUDI, { image: { bytes, caption: 'to the child' } });
    const got = await next('incoming');
    expect(got).toMatchObject({ incoming: id, caption: 'to the child', sha256: createHash('sha256').update(bytes).digest('hex') });
    child.stdin.write(`${JSON.stringify({ exit: true })}\n`);
  });
});
