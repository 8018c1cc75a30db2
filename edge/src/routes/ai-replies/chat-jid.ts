import { chatJid } from '../chats/chat-jid.js';
import { ApiError } from '../../errors.js';

/** The 1:1 chat's JID; groups are refused: the AI answers only 1:1 chats. */
export function oneToOneChatJid(chatId: string, defaultCountry: string | undefined): string {
  const jid = chatJid(chatId, defaultCountry);
  if (!jid.endsWith('@s.whatsapp.net') && !jid.endsWith('@lid')) {
    const message = 'chatId must be a 1:1 chat (a number, …@s.whatsapp.net or …@lid): AI replies do not answer groups';
    throw new ApiError(400, message, [{ path: 'chatId', message }]);
  }
  return jid;
}
