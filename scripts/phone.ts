// Plays the phone against `npm run demo`: talks to the gateway's public API and to the
// simulator's loopback control API. Run `npm run phone -- help`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentMessage } from '../simulator/src/index.js';

const api = process.env.GATEWAY_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
const sim = `http://127.0.0.1:${process.env.SIM_PORT ?? 3004}/sim`;
const ACCOUNT = process.env.PHONE_NUMBER ?? '6280000000001';
const [command, ...args] = process.argv.slice(2);

/** Only the master key (or the session's own token) sees a session's QR: MASTER_API_KEY, else the
 * demo's generated one. */
function masterKey(): string {
  if (process.env.MASTER_API_KEY) return process.env.MASTER_API_KEY;
  const file = join(process.env.DATA_DIR ?? './data/demo', 'secrets.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { masterApiKey: string }).masterApiKey;
}

// biome-ignore lint/suspicious/noExplicitAny: a command-line client reading the control API's answers loosely
async function call(url: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(
    url,
    body === undefined ? { headers } : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
  );
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** What the contact saw of a message, in a few words. */
function inboxLine(m: SentMessage): string {
  if (m.location) return `${m.location.latitude},${m.location.longitude} ${m.location.name ?? ''}`;
  if (m.contacts) return m.contacts.map((c) => c.displayName).join(', ');
  if (m.poll) return `${m.poll.name}: ${m.poll.options.join(' / ')}`;
  if (m.reactedId) return `${m.text || '(removed)'} on ${m.reactedId}`;
  if (m.editedId) return `${m.editedId} now reads: ${m.text}`;
  const words = m.text ?? m.caption ?? m.fileName ?? '';
  return m.quotedId ? `${words}  (reply to ${m.quotedId})` : words;
}

const commands: Record<string, () => Promise<void>> = {
  async scan() {
    const [sessionId, name = 'Demo Business'] = args;
    if (!sessionId) throw new Error('usage: scan <sessionId> [account name]');
    const sessions = (await call(`${api}/api/v1/sessions`, undefined, { 'x-master-key': masterKey() })) as {
      sessionId: string;
      status: string;
      qr: string | null;
    }[];
    const session = sessions.find((s) => s.sessionId === sessionId);
    if (!session?.qr) throw new Error(`session ${sessionId} is not showing a QR (status ${session?.status ?? 'unknown'})`);
    await call(`${sim}/scan`, { qr: session.qr, phone: ACCOUNT, name });
    console.log(`Scanned: session ${sessionId} is now linked to ${ACCOUNT} (${name}).`);
  },
  async code() {
    const [code, name = 'Demo Business'] = args;
    if (!code) throw new Error('usage: code <ABCD-EFGH> [account name]  (from POST /sessions/:id/pairing-code)');
    await call(`${sim}/pairing-code`, { code: code.replace('-', ''), phone: ACCOUNT, name });
    console.log(`Code entered: linked to ${ACCOUNT}.`);
  },
  async say() {
    const [from, ...words] = args;
    if (!from || words.length === 0) throw new Error('usage: say <contact number> <text>');
    const { id } = await call(`${sim}/send`, { from, to: ACCOUNT, text: words.join(' ') });
    console.log(`${from} sent message ${id}.`);
  },
  async react() {
    const [from, messageId, emoji = '👍'] = args;
    if (!from || !messageId) throw new Error('usage: react <contact number> <message id> [emoji]  (an empty emoji "" takes it back)');
    const { id } = await call(`${sim}/send`, { from, to: ACCOUNT, reaction: { to: { id: messageId }, emoji } });
    console.log(`${from} reacted ${emoji || '(removed)'} to ${messageId}: ${id}.`);
  },
  async locate() {
    const [from, latitude, longitude, ...name] = args;
    if (!from || !latitude || !longitude) throw new Error('usage: locate <contact number> <latitude> <longitude> [place name]');
    const location = { latitude: Number(latitude), longitude: Number(longitude), name: name.join(' ') || undefined };
    const { id } = await call(`${sim}/send`, { from, to: ACCOUNT, location });
    console.log(`${from} shared a location: ${id}.`);
  },
  async poll() {
    const [from, question, ...options] = args;
    if (!from || !question || options.length < 2) throw new Error('usage: poll <contact number> <question> <option> <option> [...]');
    const { id } = await call(`${sim}/send`, { from, to: ACCOUNT, poll: { question, options } });
    console.log(`${from} created poll ${id}.`);
  },
  async vote() {
    const [from, pollId, ...options] = args;
    if (!from || !pollId) throw new Error('usage: vote <contact number> <id of a poll the account sent> [option ...]');
    const { id } = await call(`${sim}/send`, { from, to: ACCOUNT, pollVote: { poll: { id: pollId }, options } });
    console.log(`${from} voted ${JSON.stringify(options)}: ${id}.`);
  },
  async inbox() {
    const sent = (await call(`${sim}/sent${args[0] ? `?to=${args[0]}` : ''}`)) as SentMessage[];
    for (const m of sent) console.log(`${m.id}  → ${m.to}  ${m.kind}${m.ptt ? ' (voice note)' : ''}  ${inboxLine(m)}`);
    if (sent.length === 0) console.log('No messages yet.');
  },
  async 'group-new'() {
    const [owner, ...words] = args;
    if (!owner || words.length === 0) throw new Error('usage: group-new <contact number> <subject>  (a group with the account and Siti/Budi)');
    const members = [ACCOUNT, '6281234567890', '6289876543210'].filter((p) => p !== owner);
    const group = (await call(`${sim}/groups`, { subject: words.join(' '), owner, members })) as { id: string; inviteCode: string };
    console.log(`${owner} created group ${group.id} (invite code ${group.inviteCode}).`);
  },
  async 'group-do'() {
    const [groupId, by, what, ...rest] = args;
    const value = rest.join(' ');
    if (!groupId || !by || !what || !value)
      throw new Error('usage: group-do <groupId> <by number> add|remove|promote|demote|subject|description <number | text>');
    if (what === 'subject' || what === 'description') await call(`${sim}/groups/${groupId}/update`, { actor: by, [what]: value });
    else await call(`${sim}/groups/${groupId}/participants`, { actor: by, action: what, phones: [value] });
    console.log(`${by}: ${what} ${value} in ${groupId}.`);
  },
  async logout() {
    await call(`${sim}/fault`, { kind: 'logout', phone: ACCOUNT });
    console.log('The phone removed the linked device.');
  },
  async help() {
    console.log(`npm run phone -- <command>
  scan <sessionId> [name]   scan the QR the session shows (GET /api/v1/sessions)
  code <ABCD-EFGH> [name]   type a pairing code from POST /api/v1/sessions/:id/pairing-code
  say <number> <text>       a contact (6281234567890 Budi, 6289876543210 Siti) writes to the account
  react <number> <id> [emoji]        the contact reacts to a message ("" takes it back)
  locate <number> <lat> <lng> [name] the contact shares a location
  poll <number> <question> <opt>...  the contact creates a poll
  vote <number> <pollId> [opt]...    the contact votes in a poll the account sent
  inbox [number]            messages the contacts received, decrypted
  group-new <number> <subject>                 a contact creates a group with the account in it
  group-do <groupId> <by> <action> <value>     a member adds/removes/promotes/demotes a number or sets subject/description
  logout                    remove the linked device from the phone
Environment: PORT (gateway, 3000), SIM_PORT (3004), PHONE_NUMBER (the account, ${ACCOUNT}).`);
  },
};

const run = commands[command ?? 'help'];
if (!run) {
  console.error(`unknown command ${command}`);
  await commands.help!();
  process.exit(2);
}
await run().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
