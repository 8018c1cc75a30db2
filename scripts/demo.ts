// `npm run demo`: the whole gateway with the WhatsApp protocol simulator standing in for WhatsApp,
// so every endpoint can be tried without a phone. Play the phone with `npm run phone -- help`.
// The simulator's trust root is installed only in the demo's own session host process.
import { spawn } from 'node:child_process';
import { startSimulator } from '../simulator/src/index.js';

const simPort = Number(process.env.SIM_PORT ?? 3004);
const sim = await startSimulator({ port: simPort, control: true });
// The contacts of the README's examples, so its curl commands work as written.
sim.addContact('6281234567890', { name: 'Budi' });
sim.addContact('6289876543210', { name: 'Siti' });

const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', 'scripts/simulated-host.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    DATA_DIR: process.env.DATA_DIR ?? './data/demo',
    SEND_RATE_PER_MINUTE: process.env.SEND_RATE_PER_MINUTE ?? '0',
    WA_SIMULATOR_INFO: JSON.stringify(sim.info),
    WA_GATEWAY_BANNER: [
      'Demo mode: WhatsApp is the local protocol simulator (contacts 6281234567890 Budi, 6289876543210 Siti).',
      `  Play the phone:  npm run phone -- scan <sessionId>      (scan the session's QR)`,
      '                   npm run phone -- say 6281234567890 "Hi!"   (a contact writes to you)',
      '                   npm run phone -- inbox [number]          (what contacts received)',
    ].join('\n'),
  },
});
const stop = () => child.kill('SIGINT');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.once('exit', async (code) => {
  await sim.close();
  process.exit(code ?? 0);
});
