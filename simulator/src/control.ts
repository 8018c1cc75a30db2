/**
 * Optional loopback HTTP control API (for the demo mode and for tests that run the simulator in
 * another process). JSON in, JSON out, on the simulator's own port:
 *   GET  /sim/info                      → SimulatorInfo
 *   POST /sim/scan      {qr, phone, name?}          → PairedDevice
 *   POST /sim/pairing-code {code, phone?, name?}    → PairedDevice
 *   POST /sim/contacts  {phone, name?}               → ContactInfo
 *   POST /sim/send      {from, to?, group?, addressing?: pn|lid|lid-only, text? | image|video|audio|sticker?{base64,caption?,mimetype?,ptt?} | document?{base64,fileName,mimetype}
 *                        | reaction{to:{id,fromMe?},emoji} | edit{id,text} | revoke{id} | location{latitude,longitude,name?,address?,live?}
 *                        | contacts[{vcard,displayName?}] | poll{question,options,selectableCount?} | pollVote{poll:{id,secret?,fromMe?},options}
 *                        | reply{to:{id,fromMe?},text}} → {id}   (a vote without a secret: the secret of the account's poll with that id)
 *   POST /sim/lid-mapping {contacts: [phone…], to?}  → {id} (the account's phone pushes their PN↔LID pairs)
 *   GET  /sim/sent?to=<digits|jid>      → SentMessage[] (bytes as base64)
 *   POST /sim/fault     {kind: drop|streamError|conflict|logout, phone?, code?} → {hit}
 *   /sim/groups…        groups and changes by other members (group-control.ts)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { groupControl } from './group-control.js';
import type { Addressing, IncomingContent, Simulator } from './index.js';

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

type MediaJson = { base64?: string; caption?: string; mimetype?: string; fileName?: string; ptt?: boolean };
type PollRefJson = { id: string; secret?: string; fromMe?: boolean };

/** The secret of a poll the account sent, from what the simulator decrypted. */
function sentPollSecret(sim: Simulator, id: string): Uint8Array {
  const secret = sim.sent().find((m) => m.id === id)?.message.messageContextInfo?.messageSecret;
  if (!secret) throw new Error(`no poll ${id} was sent by the account: give poll.secret (base64)`);
  return secret;
}

function content(sim: Simulator, body: Record<string, unknown>): IncomingContent {
  for (const kind of ['image', 'video', 'audio', 'sticker'] as const) {
    const m = body[kind] as MediaJson | undefined;
    if (m?.base64)
      return { [kind]: { bytes: Buffer.from(m.base64, 'base64'), caption: m.caption, mimetype: m.mimetype, ptt: m.ptt } } as unknown as IncomingContent;
  }
  const doc = body.document as MediaJson | undefined;
  if (doc?.base64) return { document: { bytes: Buffer.from(doc.base64, 'base64'), fileName: doc.fileName ?? 'file', mimetype: doc.mimetype } };
  if (body.poll) {
    const poll = body.poll as { question: string; options: string[]; selectableCount?: number };
    return { poll: { question: poll.question, options: poll.options, selectableCount: poll.selectableCount } };
  }
  if (body.pollVote) {
    const vote = body.pollVote as { poll: PollRefJson; options: string[] };
    const secret = vote.poll.secret ? Buffer.from(vote.poll.secret, 'base64') : sentPollSecret(sim, vote.poll.id);
    return { pollVote: { poll: { id: vote.poll.id, fromMe: vote.poll.fromMe, secret }, options: vote.options } };
  }
  if (body.reply) {
    const reply = body.reply as { to: { id: string; fromMe?: boolean }; text: string };
    return { reply: { to: reply.to, content: { text: reply.text } } };
  }
  const plain = (['reaction', 'edit', 'revoke', 'location', 'contacts'] as const).find((k) => body[k] != null);
  if (plain) return { [plain]: body[plain] } as unknown as IncomingContent;
  return { text: str(body.text) ?? '' };
}

/** returns true when it handled the request */
export async function handleControl(sim: Simulator, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://x');
  if (!url.pathname.startsWith('/sim/')) return false;
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(body, (_k, v: unknown) =>
        v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('base64') : v,
      ),
    );
  };
  const ok = (status: number, body: unknown): true => {
    send(status, body);
    return true;
  };
  try {
    const body = req.method === 'POST' ? await readJson(req) : {};
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /sim/info':
        return ok(200, sim.info);
      case 'POST /sim/scan':
        return ok(200, await sim.scan(str(body.qr) ?? '', { phone: str(body.phone) ?? '', name: str(body.name) }));
      case 'POST /sim/pairing-code':
        return ok(200, await sim.enterPairingCode(str(body.code) ?? '', { phone: str(body.phone), name: str(body.name) }));
      case 'POST /sim/contacts':
        return ok(200, sim.addContact(str(body.phone) ?? '', { name: str(body.name) }));
      case 'POST /sim/send':
        return ok(200, {
          id: await sim.sendFrom(str(body.from) ?? '', content(sim, body), {
            to: str(body.to),
            group: str(body.group),
            addressing: str(body.addressing) as Addressing | undefined,
          }),
        });
      case 'POST /sim/phone-send':
        return ok(200, {
          id: await sim.sendFromPhone(str(body.to) ?? '', content(sim, body), {
            account: str(body.account),
            addressing: str(body.addressing) === 'lid' ? 'lid' : 'pn',
          }),
        });
      case 'POST /sim/lid-mapping':
        return ok(200, { id: await sim.pushLidMapping(Array.isArray(body.contacts) ? body.contacts.map(String) : [], { to: str(body.to) }) });
      case 'GET /sim/sent':
        return ok(200, sim.sent(url.searchParams.get('to') ?? undefined));
      case 'POST /sim/fault': {
        const phone = str(body.phone);
        const kind = str(body.kind);
        const hit =
          kind === 'drop'
            ? sim.drop(phone)
            : kind === 'streamError'
              ? sim.streamError(str(body.code), phone)
              : kind === 'conflict'
                ? sim.conflict(phone)
                : kind === 'logout'
                  ? sim.logout(phone)
                  : -1;
        return ok(hit < 0 ? 400 : 200, { hit });
      }
      default: {
        const answer = groupControl(sim, req.method ?? '', url.pathname, body);
        return answer ? ok(answer.status, answer.body) : ok(404, { error: 'unknown simulator route' });
      }
    }
  } catch (err) {
    send(400, { error: String(err) });
    return true;
  }
}
