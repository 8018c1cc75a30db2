/**
 * Runs a simulator in its own process (demo mode, manual testing):
 *   npx tsx simulator/src/cli.ts [--port 0] [--info-file path] [--contact 6281234567890:Budi ...]
 * Prints SimulatorInfo as one JSON line (and writes it to --info-file), enables the HTTP control
 * API (see control.ts) and runs until SIGINT/SIGTERM. Loopback only.
 */
import { writeFileSync } from 'node:fs';
import { startSimulator } from './index.js';

const args = process.argv.slice(2);
const opt = (name: string): string[] => args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [args[i + 1]!] : []));

const sim = await startSimulator({ port: Number(opt('port')[0] ?? 0), control: true });
for (const c of opt('contact')) {
  const [phone, name] = c.split(':');
  sim.addContact(phone ?? '', { name });
}
const line = JSON.stringify(sim.info);
if (opt('info-file')[0]) writeFileSync(opt('info-file')[0]!, line);
process.stdout.write(`${line}\n`);
const stop = (): void => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
