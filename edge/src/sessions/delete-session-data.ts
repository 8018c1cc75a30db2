import { eq, inArray } from 'drizzle-orm';
import * as t from '../../../shared/src/db/schema.js';
import type { Deps } from '../deps.js';

/** Removes every row a session owns in one atomic batch, then its media objects. */
export async function deleteSessionData({ db, media }: Deps, sessionId: string): Promise<void> {
  const mediaRows = await db.select({ id: t.media.id }).from(t.media).where(eq(t.media.sessionId, sessionId));
  const campaignIds = db.select({ id: t.campaigns.id }).from(t.campaigns).where(eq(t.campaigns.sessionId, sessionId));
  const listIds = db.select({ id: t.recipientLists.id }).from(t.recipientLists).where(eq(t.recipientLists.sessionId, sessionId));
  await db.batch([
    db.delete(t.campaignRecipients).where(inArray(t.campaignRecipients.campaignId, campaignIds)),
    db.delete(t.campaigns).where(eq(t.campaigns.sessionId, sessionId)),
    db.delete(t.recipientListMembers).where(inArray(t.recipientListMembers.listId, listIds)),
    db.delete(t.recipientLists).where(eq(t.recipientLists.sessionId, sessionId)),
    db.delete(t.messages).where(eq(t.messages.sessionId, sessionId)),
    db.delete(t.chats).where(eq(t.chats.sessionId, sessionId)),
    db.delete(t.groupSubjects).where(eq(t.groupSubjects.sessionId, sessionId)),
    db.delete(t.idempotencyKeys).where(eq(t.idempotencyKeys.sessionId, sessionId)),
    db.delete(t.webhookOutbox).where(eq(t.webhookOutbox.sessionId, sessionId)),
    db.delete(t.sessionWebhooks).where(eq(t.sessionWebhooks.sessionId, sessionId)),
    db.delete(t.legacyWebhooks).where(eq(t.legacyWebhooks.sessionId, sessionId)),
    db.delete(t.sessionEvents).where(eq(t.sessionEvents.sessionId, sessionId)),
    db.delete(t.waAuthState).where(eq(t.waAuthState.sessionId, sessionId)),
    db.delete(t.contactIdentities).where(eq(t.contactIdentities.sessionId, sessionId)),
    db.delete(t.sendGovernors).where(eq(t.sendGovernors.sessionId, sessionId)),
    // The AI endpoint's key must not serve a new session created under the same id.
    db.delete(t.aiReplyConfigs).where(eq(t.aiReplyConfigs.sessionId, sessionId)),
    db.delete(t.aiReplyChats).where(eq(t.aiReplyChats.sessionId, sessionId)),
    db.delete(t.autoReplyRules).where(eq(t.autoReplyRules.sessionId, sessionId)),
    db.delete(t.media).where(eq(t.media.sessionId, sessionId)),
    db.delete(t.hostLeases).where(eq(t.hostLeases.sessionId, sessionId)),
    // An operator assigned to it must not inherit a new session created under the same id.
    db.delete(t.dashboardUserSessions).where(eq(t.dashboardUserSessions.sessionId, sessionId)),
    db.delete(t.sessions).where(eq(t.sessions.id, sessionId)),
  ]);
  // Objects go after the rows: a crash in between leaves orphaned bytes, never a row without bytes.
  await Promise.allSettled(mediaRows.map((row) => media.delete(row.id)));
}
