// A session host whose WhatsApp is the protocol simulator: for `npm run demo` and for tests that
// run the host as a child process. WA_SIMULATOR_INFO holds the simulator's JSON trust info; this
// entry installs that trust in its own process, like a test CA. Production never runs this file.
import makeWASocket from '@whiskeysockets/baileys';
import { baseSocketConfig } from '../session-host/src/connection/socket-factory.js';
import { runHostProcess } from '../session-host/src/run.js';
import { trustSimulator, type SimulatorInfo } from '../simulator/src/index.js';

const raw = process.env.WA_SIMULATOR_INFO;
if (!raw) throw new Error('WA_SIMULATOR_INFO is required (the simulator trust info as JSON)');
const info = JSON.parse(raw) as SimulatorInfo;
await trustSimulator(info);
await runHostProcess((auth, logger, options) => makeWASocket({ ...baseSocketConfig(auth, logger, options), waWebSocketUrl: info.url }));
