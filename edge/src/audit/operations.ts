// Which operations of /api/v1 the audit log records, by the OpenAPI document's key. Every operation
// that is not a GET is in exactly one of the two tables (audit.unit.test.ts checks it against the
// document), so a new operation cannot slip past the audit unnoticed.

/** Changes, sign-ins and commands: recorded with the action name they get here. */
export const AUDITED_OPERATIONS: Record<string, string> = {
  'POST /sessions': 'session.create',
  'DELETE /sessions/{sessionId}': 'session.delete',
  'PATCH /sessions/{sessionId}': 'session.update',
  'POST /sessions/{sessionId}/reconnect': 'session.reconnect',
  'POST /sessions/{sessionId}/pairing-code': 'session.pairing-code',
  'PUT /sessions/{sessionId}/governor': 'session.governor',
  'POST /sessions/{sessionId}/governor/resume': 'session.governor-resume',
  'PUT /sessions/{sessionId}/ai': 'session.ai',
  'DELETE /sessions/{sessionId}/ai': 'session.ai-delete',
  'PUT /sessions/{sessionId}/chats/{chatId}/ai': 'chat.ai',
  'POST /webhook': 'webhook.set',
  'DELETE /webhook': 'webhook.delete',
  'POST /webhook/events/{eventId}/retry': 'webhook.retry',
  'POST /sessions/{sessionId}/webhooks': 'webhook.create',
  'PATCH /sessions/{sessionId}/webhooks/{webhookId}': 'webhook.update',
  'DELETE /sessions/{sessionId}/webhooks/{webhookId}': 'webhook.delete',
  'POST /sessions/{sessionId}/auto-replies': 'auto-reply.create',
  'PATCH /sessions/{sessionId}/auto-replies/{ruleId}': 'auto-reply.update',
  'DELETE /sessions/{sessionId}/auto-replies/{ruleId}': 'auto-reply.delete',
  'DELETE /message': 'message.delete',
  'PATCH /messages/{messageId}': 'message.edit',
  'POST /recipient-lists': 'list.create',
  'PUT /recipient-lists/{listId}': 'list.update',
  'DELETE /recipient-lists/{listId}': 'list.delete',
  'POST /recipient-lists/{listId}/clone': 'list.clone',
  'POST /recipient-lists/{listId}/import': 'list.import',
  'POST /campaigns': 'campaign.create',
  'DELETE /campaigns/{campaignId}': 'campaign.delete',
  'POST /campaigns/{campaignId}/start': 'campaign.start',
  'POST /campaigns/{campaignId}/pause': 'campaign.pause',
  'POST /campaigns/{campaignId}/resume': 'campaign.resume',
  'POST /sessions/{sessionId}/groups': 'group.create',
  'POST /sessions/{sessionId}/groups/join': 'group.join',
  'PATCH /sessions/{sessionId}/groups/{groupId}': 'group.update',
  'POST /sessions/{sessionId}/groups/{groupId}/participants': 'group.participants',
  'DELETE /sessions/{sessionId}/groups/{groupId}/invite': 'group.revoke-invite',
  'POST /sessions/{sessionId}/groups/{groupId}/leave': 'group.leave',
  'POST /auth/login': 'auth.login',
  'POST /auth/logout': 'auth.logout',
  'POST /auth/accept-invite': 'user.accept-invite',
  'POST /users': 'user.create',
  'PATCH /users/{id}': 'user.update',
  'DELETE /users/{id}': 'user.delete',
  'POST /users/{id}/reset-link': 'user.reset-link',
  'POST /hosts/{hostId}/drain': 'host.drain',
  'POST /hosts/{hostId}/undrain': 'host.undrain',
};

/** Traffic, not configuration: the messages and media tables already record each one, and a log
 * row per message would outgrow everything else. */
export const UNAUDITED_OPERATIONS = new Set([
  'POST /messages',
  'POST /media',
  'PUT /media/{fileName}',
  'POST /chats/read',
  'POST /chats/presence',
  'POST /contacts/check',
  'POST /legacy/send-message',
  'POST /legacy/message',
]);

/** Operations an anonymous caller is recorded for: signing in is what makes it someone. */
export const ANONYMOUS_AUDITED = new Set(['auth.login', 'user.accept-invite']);
