import { hardenBaileys } from '../../session-host/src/whatsapp/harden.js';
import { startSimulator, trustSimulator, type Simulator } from '../src/index.js';
import { memoryAuthState, pairWithQr, type TestClient } from '../src/testing.js';

/** A simulator this process trusts (with Baileys hardened), its contacts, and a client paired as
 * `phone`: the start of every messaging suite. */
export async function startPairedClient(
  phone: string,
  contacts: Record<string, string>,
): Promise<{ sim: Simulator; client: TestClient; close(): Promise<void> }> {
  hardenBaileys();
  const sim = await startSimulator();
  await trustSimulator(sim.info);
  for (const [number, name] of Object.entries(contacts)) sim.addContact(number, { name });
  const client = await pairWithQr(sim, memoryAuthState(), phone);
  return {
    sim,
    client,
    async close() {
      client.end();
      await sim.close();
    },
  };
}
