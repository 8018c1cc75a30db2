/**
 * Group routes of the control API (another process, e.g. the demo's phone, plays the other members):
 *   GET  /sim/groups[/<id>]                                   → Group[] / Group
 *   POST /sim/groups {subject, owner, members, addressing?}   → Group
 *   POST /sim/groups/<id>/participants {actor, action, phones} → ParticipantOutcome[]
 *   POST /sim/groups/<id>/update {actor, subject?, description?, announce?, locked?} → Group
 *   POST /sim/groups/<id>/leave {phone}                       → {}
 *   POST /sim/groups/join {code, phone}                       → Group
 * A refusal WhatsApp would give is 409 `{ error: '<code> <text>' }`.
 */
import { GroupRefusal, type InfoChange, type ParticipantAction } from './group-changes.js';
import type { Simulator } from './index.js';

type Answer = { status: number; body: unknown };
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** the answer for a `/sim/groups` route, or undefined for any other path */
export function groupControl(sim: Simulator, method: string, path: string, body: Record<string, unknown>): Answer | undefined {
  const m = /^\/sim\/groups(?:\/([^/]+))?(?:\/(participants|update|leave))?$/.exec(path);
  if (!m) return undefined;
  const [, id, action] = m;
  try {
    return route(sim, `${method} ${id ? (id === 'join' ? 'join' : 'group') : 'all'}${action ? `/${action}` : ''}`, id ?? '', body);
  } catch (err) {
    if (err instanceof GroupRefusal) return { status: 409, body: { error: err.message } };
    throw err;
  }
}

function route(sim: Simulator, key: string, id: string, body: Record<string, unknown>): Answer {
  const group = () => sim.group(id) ?? null;
  switch (key) {
    case 'GET all':
      return { status: 200, body: sim.groups() };
    case 'GET group':
      return group() ? { status: 200, body: group() } : { status: 404, body: { error: `no group ${id}` } };
    case 'POST all': {
      const members = Array.isArray(body.members) ? body.members.map(str) : [];
      const addressing = body.addressing === 'lid' ? 'lid' : body.addressing === 'pn' ? 'pn' : undefined;
      return { status: 200, body: sim.createGroup(str(body.subject), { owner: str(body.owner), members, addressing }) };
    }
    case 'POST group/participants': {
      const phones = Array.isArray(body.phones) ? body.phones.map(str) : [];
      return { status: 200, body: sim.groupParticipants(id, str(body.actor), str(body.action) as ParticipantAction, phones) };
    }
    case 'POST group/update': {
      const change: InfoChange = {
        subject: typeof body.subject === 'string' ? body.subject : undefined,
        description: typeof body.description === 'string' ? body.description : undefined,
        announce: bool(body.announce),
        locked: bool(body.locked),
      };
      sim.updateGroup(id, str(body.actor), change);
      return { status: 200, body: group() };
    }
    case 'POST group/leave':
      sim.leaveGroup(id, str(body.phone));
      return { status: 200, body: {} };
    case 'POST join':
      return { status: 200, body: sim.joinGroup(str(body.code), str(body.phone)) };
    default:
      return { status: 404, body: { error: 'unknown simulator route' } };
  }
}
