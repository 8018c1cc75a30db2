/**
 * Optional loopback HTTP control API (for the demo mode and for tests that run the simulator in
 * another process). JSON in, JSON out, on the simulator's own port:
 *   GET  /sim/info                      → SimulatorInfo
 *   POST /sim/scan      {qr, phone, name?}          → PairedDevice
 *   POST /sim/pairing-code {code, phone?, name?}    → PairedDevice
 *   POST /sim/contacts  {phone, name?}               → ContactInfo
 *   POST /sim/send      {from, to?, group?, addressing?: pn|lid|lid-only, text? | image?{base64,caption,mimetype} | document?{base64,fileName,mimetype}} → {id}
 *   POST /sim/lid-mapping {contacts: [phone…], to?}  → {id} (the account's phone pushes their PN↔LID pairs)
 *   GET  /sim/sent?to=<digits|jid>      → SentMessage[] (bytes as base64)
 *   POST /sim/fault     {kind: drop|streamError|conflict|logout, phone?, code?} → {hit}
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Addressing, IncomingContent, Simulator } from './index.js';

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function content(body: Record<string, unknown>): IncomingContent {
  const image = body.image as { base64?: string; caption?: string; mimetype?: string } | undefined;
  const doc = body.document as { base64?: string; fileName?: string; mimetype?: string } | undefined;
  if (image?.base64) return { image: { bytes: Buffer.from(image.base64, 'base64'), caption: image.caption, mimetype: image.mimetype } };
  if (doc?.base64) return { document: { bytes: Buffer.from(doc.base64, 'base64'), fileName: doc.fileName ?? 'file', mimetype: doc.mimetype } };
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
          id: await sim.sendFrom(str(body.from) ?? '', content(body), {
            to: str(body.to),
            group: str(body.group),
            addressing: str(body.addressing) as Addressing | undefined,
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
      default:
        return ok(404, { error: 'unknown simulator route' });
    }
  } catch (err) {
    send(400, { error: String(err) });
    return true;
  }
}
