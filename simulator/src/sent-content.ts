/**
 * What the contact reads in the message kinds beyond text and media: location, contact cards,
 * polls, edits, and the context any message carries (the message it quotes, the JIDs it mentions).
 */
import { proto } from '@whiskeysockets/baileys';

export type SentContentKind = 'location' | 'contacts' | 'poll' | 'edit';

export interface SentDetails {
  /** audio only: sent as a voice note (ptt) */
  ptt?: boolean;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  /** contact cards: the display name and vCard text of each */
  contacts?: Array<{ displayName: string; vcard: string }>;
  poll?: { name: string; options: string[]; selectableCount: number };
  /** for an edit: the id of the message edited (the new text is in `text`) */
  editedId?: string;
  /** the id of the message this one quotes (contextInfo.stanzaId) */
  quotedId?: string;
  /** JIDs the message mentions (contextInfo.mentionedJid) */
  mentions?: string[];
}

/** The kind-specific part of a decrypted message, when it is one of these kinds. */
export function summarizeSentContent(m: proto.IMessage): ({ kind: SentContentKind; text?: string } & SentDetails) | undefined {
  if (m.locationMessage) {
    const l = m.locationMessage;
    return {
      kind: 'location',
      location: { latitude: l.degreesLatitude ?? 0, longitude: l.degreesLongitude ?? 0, name: l.name ?? undefined, address: l.address ?? undefined },
    };
  }
  if (m.contactMessage) return { kind: 'contacts', contacts: [card(m.contactMessage)] };
  if (m.contactsArrayMessage) return { kind: 'contacts', contacts: (m.contactsArrayMessage.contacts ?? []).map(card) };
  const poll = m.pollCreationMessage ?? m.pollCreationMessageV2 ?? m.pollCreationMessageV3;
  if (poll) {
    return {
      kind: 'poll',
      poll: { name: poll.name ?? '', options: (poll.options ?? []).map((o) => o.optionName ?? ''), selectableCount: poll.selectableOptionsCount ?? 0 },
    };
  }
  const protocol = m.protocolMessage;
  if (protocol?.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
    const edited = protocol.editedMessage;
    return { kind: 'edit', editedId: protocol.key?.id ?? undefined, text: edited?.conversation ?? edited?.extendedTextMessage?.text ?? undefined };
  }
  return undefined;
}

const card = (c: proto.Message.IContactMessage) => ({ displayName: c.displayName ?? '', vcard: c.vcard ?? '' });

/** The quoted id and mentions of whichever part of the message carries a contextInfo; and the
 * voice-note flag of audio. */
export function sentContext(m: proto.IMessage): SentDetails {
  const out: SentDetails = {};
  if (m.audioMessage?.ptt) out.ptt = true;
  for (const part of Object.values(m)) {
    const context = (part as { contextInfo?: proto.IContextInfo | null } | null)?.contextInfo;
    if (!context || typeof part !== 'object') continue;
    if (context.stanzaId) out.quotedId = context.stanzaId;
    if (context.mentionedJid?.length) out.mentions = [...context.mentionedJid];
  }
  return out;
}
