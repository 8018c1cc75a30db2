// `node --import tsx session-host/src/main.ts`: a session host connected to WhatsApp, configured
// from the environment (see .env.example).
import { whatsAppSocketFactory } from './connection/socket-factory.js';
import { runHostProcess } from './run.js';

await runHostProcess(whatsAppSocketFactory);
