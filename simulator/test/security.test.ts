import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Curve } from '@whiskeysockets/baileys';
import { assertCurveVerifyWorks, secureBaileysCurve } from '../../session-host/src/whatsapp/curve-verify.js';
import { hardenBaileys } from '../../session-host/src/whatsapp/harden.js';
import { startSimulator, trustSimulator, type Simulator } from '../src/index.js';
import { connectBaileys, memoryAuthState } from '../src/testing.js';

const sims: Simulator[] = [];
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

async function firstOutcome(sim: Simulator): Promise<{ qr: boolean; error?: string }> {
  const client = connectBaileys(sim, memoryAuthState());
  const result = await Promise.race([
    client.waitForEvent('connection.update', (u) => !!u.qr).then(() => ({ qr: true })),
    client.waitForEvent('connection.update', (u) => u.connection === 'close').then((u) => ({ qr: false, error: String(u.lastDisconnect?.error?.message) })),
  ]);
  client.end();
  return result;
}

// What stock Baileys does, seen before any test installs the process-wide fixes (the tests below
// run in any order, and each installs what it needs).
let stock: { acceptsWrongSignature: boolean; selfTest: unknown; replayOutcome: { qr: boolean; error?: string } };
beforeAll(async () => {
  const pair = Curve.generateKeyPair();
  const sig = Curve.sign(pair.private, Buffer.from('message'));
  let selfTest: unknown;
  try {
    assertCurveVerifyWorks();
  } catch (err) {
    selfTest = err;
  }
  const acceptsWrongSignature = Curve.verify(pair.public, Buffer.from('another message'), sig);
  // Baileys alone (even with the Curve fix) does not bind the certificate's leaf to the static key.
  secureBaileysCurve();
  const replay = await startSimulator({ leafForOtherKey: true });
  sims.push(replay);
  await trustSimulator(replay.info);
  stock = { acceptsWrongSignature, selfTest, replayOutcome: await firstOutcome(replay) };
});

describe('server authentication', () => {
  it('stock Baileys rc14 accepts a wrong signature (the bug the fix addresses)', () => {
    expect(stock.acceptsWrongSignature).toBe(true);
    expect(String(stock.selfTest)).toMatch(/wrong signature was accepted/);
  });

  it('after the fix the self-test passes and a wrong signature is refused', () => {
    secureBaileysCurve();
    const pair = Curve.generateKeyPair();
    const sig = Curve.sign(pair.private, Buffer.from('message'));
    expect(Curve.verify(pair.public, Buffer.from('message'), sig)).toBe(true);
    expect(Curve.verify(pair.public, Buffer.from('another message'), sig)).toBe(false);
  });

  it('refuses a server certificate signed by the wrong root', async () => {
    secureBaileysCurve();
    const bad = await startSimulator({ signWithWrongRoot: true });
    sims.push(bad);
    await trustSimulator(bad.info);
    const outcome = await firstOutcome(bad);
    expect(outcome.qr).toBe(false);
    expect(outcome.error).toMatch(/certificate signature invalid/);
  });

  it('accepts the server certificate signed by the trusted root', async () => {
    secureBaileysCurve();
    const good = await startSimulator();
    sims.push(good);
    await trustSimulator(good.info);
    expect(await firstOutcome(good)).toEqual({ qr: true });
  });

  it('refuses the right chain when the client trusts another root', async () => {
    secureBaileysCurve();
    const good = await startSimulator();
    sims.push(good);
    await trustSimulator({ ...good.info, rootPublicKey: Buffer.from(Curve.generateKeyPair().public).toString('hex') });
    const outcome = await firstOutcome(good);
    expect(outcome.qr).toBe(false);
  });

  it('a replayed chain (leaf for another key than the server static) passes stock checks but not the leaf check', async () => {
    secureBaileysCurve();
    const replay = await startSimulator({ leafForOtherKey: true });
    sims.push(replay);
    await trustSimulator(replay.info);
    expect(stock.replayOutcome).toEqual({ qr: true });
    hardenBaileys();
    const outcome = await firstOutcome(replay);
    expect(outcome.qr).toBe(false);
    expect(outcome.error).toMatch(/does not certify the server static key/);
    // the genuine server still works with the check installed
    const good = await startSimulator();
    sims.push(good);
    await trustSimulator(good.info);
    expect(await firstOutcome(good)).toEqual({ qr: true });
  });

  it('pairing with a forged ADV account signature is refused once hardened', async () => {
    hardenBaileys();
    const sim = await startSimulator();
    sims.push(sim);
    await trustSimulator(sim.info);
    const client = connectBaileys(sim, memoryAuthState());
    const u = await client.waitForEvent('connection.update', (x) => !!x.qr);
    await expect(sim.scan(u.qr!, { phone: '6280000000061', tamperAccountSignature: true })).rejects.toThrow(/refused pairing|closed the connection/);
    const closed = await client.waitForEvent('connection.update', (x) => x.connection === 'close');
    expect(String(closed.lastDisconnect?.error?.message)).toMatch(/Failed to verify account signature/);
  });
});
