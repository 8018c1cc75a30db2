// The whole product's tables, as code. drizzle-kit generates `migrations/` from this file.
// Times are epoch milliseconds (integer); JSON columns hold zod-validated shapes from shared/.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(unixepoch('subsec') * 1000)`;

export const sessions = sqliteTable('sessions', {
  id: text('id').primaryKey(),
  /** SHA-256 (hex) of the bearer token; the token itself is never stored in the clear. */
  tokenHash: text('token_hash').notNull().unique(),
  /** The token sealed with AES-GCM under a key derived from the master key, so admins can view it. */
  tokenSealed: text('token_sealed'),
  status: text('status').notNull().default('STARTING'),
  detail: text('detail'),
  qr: text('qr'),
  /** The WhatsApp account once paired: JID and push name. */
  meJid: text('me_jid'),
  meName: text('me_name'),
  /** ISO 3166 alpha-2 country national-format numbers are read in; null: DEFAULT_COUNTRY. */
  defaultCountry: text('default_country'),
  /** When the current WhatsApp number was linked (the first CONNECTED as that number): the send
   * governor's warm-up counts days from it. Null for numbers linked before it was recorded. */
  linkedAt: integer('linked_at'),
  /** Outbound proxy URL (credentials included) sealed under HOST_SHARED_SECRET, which the host
   * opens to connect; null: direct. */
  proxySealed: text('proxy_sealed'),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

/** The one webhook a session had before several were possible. Superseded by `session_webhooks`
 * (migration 0010 copied its rows there); nothing reads or writes it any more. Kept so that
 * migration stays additive and an older release still starts on this database. */
export const legacyWebhooks = sqliteTable('webhooks', {
  sessionId: text('session_id').primaryKey(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

/** A session's webhooks (at most MAX_WEBHOOKS_PER_SESSION), oldest first: the first is the one the
 * original `POST/GET/DELETE /webhook` manage. */
export const sessionWebhooks = sqliteTable(
  'session_webhooks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').notNull(),
    url: text('url').notNull(),
    /** HMAC-SHA256 key for X-Webhook-Signature; the host needs it in the clear to sign. */
    secret: text('secret').notNull(),
    /** JSON array of event names this webhook gets, or `["*"]` for every event. */
    events: text('events').notNull().default('["*"]'),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [index('session_webhooks_session').on(t.sessionId, t.id)],
);

/** Every event a session made, numbered per session (`seq`, 1, 2, 3 … without gaps), kept for a
 * while so a live stream can resume from a Last-Event-ID and deliveries can be ordered. */
export const sessionEvents = sqliteTable(
  'session_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').notNull(),
    seq: integer('seq').notNull(),
    eventId: text('event_id').notNull().unique(),
    event: text('event').notNull(),
    /** The envelope `{ id, event, sessionId, data, timestamp, seq }` as JSON. */
    body: text('body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('session_events_session_seq').on(t.sessionId, t.seq), index('session_events_created').on(t.createdAt)],
);

export const media = sqliteTable('media', {
  /** `<uuid>.<ext>`, also the S3 object key. */
  id: text('id').primaryKey(),
  sessionId: text('session_id'),
  mimetype: text('mimetype').notNull(),
  size: integer('size').notNull(),
  originalName: text('original_name'),
  createdAt: integer('created_at').notNull().default(now),
});

export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').notNull(),
    /** The WhatsApp message key id: generated before sending so a resend reuses it. */
    waMessageId: text('wa_message_id').notNull(),
    direction: text('direction', { enum: ['out', 'in'] }).notNull(),
    remoteJid: text('remote_jid').notNull(),
    type: text('type').notNull(),
    /** The validated request item (out) or the decoded summary (in), as JSON. */
    payload: text('payload').notNull(),
    status: text('status').notNull(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    /** Set when the message belongs to a campaign recipient. */
    campaignRecipientId: integer('campaign_recipient_id'),
    /** A retried send waits until then. */
    nextAttemptAt: integer('next_attempt_at'),
    /** Attempts before the message fails; null: the host's SEND_MAX_ATTEMPTS (campaigns set maxRetries + 1). */
    maxAttempts: integer('max_attempts'),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
    sentAt: integer('sent_at'),
    /** What wrote an outgoing row when not an API caller or a campaign: 'ai' (an AI reply), 'auto_reply' (a rule of auto_reply_rules) or 'phone' (typed on the account's phone); null otherwise. */
    origin: text('origin'),
  },
  (t) => [
    uniqueIndex('messages_session_wa_id').on(t.sessionId, t.waMessageId),
    index('messages_session_status').on(t.sessionId, t.status, t.id),
    // The send governor asks whether a recipient was ever written to (first-contact cap).
    index('messages_session_remote').on(t.sessionId, t.remoteJid),
    // Messages waiting for a retry or a governor hold, which hold back their chat's later ones (send-queue.ts claim).
    index('messages_waiting').on(t.sessionId, t.remoteJid).where(sql`direction = 'out' and status = 'queued' and next_attempt_at is not null`),
    // The retention job finds old rows by age.
    index('messages_created').on(t.createdAt),
    // A session's recent auto-replies: their per-contact cooldowns survive a host restart.
    index('messages_auto_replies').on(t.sessionId, t.createdAt).where(sql`origin = 'auto_reply'`),
  ],
);

/** Polls of a session's chats (sent or received), kept so votes can be decrypted: a vote is
 * encrypted with the poll's messageSecret and names its options by SHA-256 only. */
export const polls = sqliteTable(
  'polls',
  {
    sessionId: text('session_id').notNull(),
    waMessageId: text('wa_message_id').notNull(),
    /** JSON array: the JIDs (phone and LID form) the creator may be named by in a vote's key. */
    creatorJids: text('creator_jids').notNull(),
    /** The poll's messageSecret, base64. */
    secret: text('secret').notNull(),
    question: text('question').notNull(),
    /** JSON array of option names, as many as the gateway keeps. */
    options: text('options').notNull(),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.waMessageId] }), index('polls_created').on(t.createdAt)],
);

/** The first answer to a request made with an Idempotency-Key, replayed on a retry. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    sessionId: text('session_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    response: text('response').notNull(),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.key] }), index('idempotency_keys_created').on(t.createdAt)],
);

export const webhookOutbox = sqliteTable(
  'webhook_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').notNull(),
    /** Unique per delivery so receivers can drop duplicates: `<event uuid>-<webhook id>`. */
    eventId: text('event_id').notNull().unique(),
    event: text('event').notNull(),
    /** The whole envelope `{ id, event, sessionId, data, timestamp }` as JSON. */
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull().default(now),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull().default(now),
    deliveredAt: integer('delivered_at'),
    /** The `session_webhooks` row this delivery goes to; each webhook is its own queue. */
    webhookId: integer('webhook_id'),
    /** The event's per-session sequence number (`session_events.seq`). */
    seq: integer('seq'),
  },
  (t) => [
    index('webhook_outbox_session_pending').on(t.sessionId, t.status, t.id),
    index('webhook_outbox_status_created').on(t.status, t.createdAt),
    index('webhook_outbox_webhook_pending').on(t.sessionId, t.webhookId, t.status, t.id),
  ],
);

export const recipientLists = sqliteTable(
  'recipient_lists',
  {
    id: text('id').primaryKey(),
    /** The session whose token created it; null when created by the master key or an admin. */
    sessionId: text('session_id'),
    name: text('name').notNull(),
    description: text('description'),
    tags: text('tags').notNull().default('[]'),
    recipientCount: integer('recipient_count').notNull().default(0),
    usageCount: integer('usage_count').notNull().default(0),
    lastUsed: integer('last_used'),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [index('recipient_lists_session').on(t.sessionId)],
);

export const recipientListMembers = sqliteTable(
  'recipient_list_members',
  {
    listId: text('list_id').notNull(),
    position: integer('position').notNull(),
    number: text('number').notNull(),
    name: text('name'),
    jobTitle: text('job_title'),
    companyName: text('company_name'),
    customFields: text('custom_fields').notNull().default('{}'),
  },
  (t) => [primaryKey({ columns: [t.listId, t.position] }), uniqueIndex('recipient_list_members_number').on(t.listId, t.number)],
);

export const campaigns = sqliteTable(
  'campaigns',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull().default('draft'),
    /** Why the campaign is where it is (e.g. waiting for the session to reconnect). */
    statusDetail: text('status_detail'),
    message: text('message').notNull(),
    settings: text('settings').notNull(),
    recipientListId: text('recipient_list_id'),
    scheduledAt: integer('scheduled_at'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull().default(now),
    startedAt: integer('started_at'),
    completedAt: integer('completed_at'),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [index('campaigns_session_status').on(t.sessionId, t.status)],
);

export const campaignRecipients = sqliteTable(
  'campaign_recipients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: text('campaign_id').notNull(),
    position: integer('position').notNull(),
    number: text('number').notNull(),
    name: text('name'),
    jobTitle: text('job_title'),
    companyName: text('company_name'),
    customFields: text('custom_fields').notNull().default('{}'),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Generated and stored before the send, so a recovery resends with the same id. */
    waMessageId: text('wa_message_id'),
    nextAttemptAt: integer('next_attempt_at'),
    sentAt: integer('sent_at'),
  },
  (t) => [uniqueIndex('campaign_recipients_position').on(t.campaignId, t.position), index('campaign_recipients_status').on(t.campaignId, t.status, t.position)],
);

/** Baileys auth state: `creds` and every signal key, one row each, JSON with Buffer revival. */
export const waAuthState = sqliteTable(
  'wa_auth_state',
  {
    sessionId: text('session_id').notNull(),
    category: text('category').notNull(),
    keyId: text('key_id').notNull(),
    value: text('value').notNull(),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.category, t.keyId] })],
);

/** Which session host owns a session's socket, until `expiresAt` unless renewed by heartbeat. */
export const hostLeases = sqliteTable('host_leases', {
  sessionId: text('session_id').primaryKey(),
  hostId: text('host_id').notNull(),
  hostUrl: text('host_url').notNull(),
  expiresAt: integer('expires_at').notNull(),
  heartbeatAt: integer('heartbeat_at').notNull(),
});

/** Every session host that has heartbeated, with what placement needs: a host is live while
 * `expiresAt` is ahead (renewed with its leases), and a draining one takes no sessions. The load
 * it carries is counted from its live leases, so it cannot disagree with them. */
export const sessionHosts = sqliteTable('session_hosts', {
  hostId: text('host_id').primaryKey(),
  hostUrl: text('host_url').notNull(),
  heartbeatAt: integer('heartbeat_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  /** Set by an admin's drain: the host hands its sessions to others and claims none until undrained. */
  draining: integer('draining', { mode: 'boolean' }).notNull().default(false),
  /** The host's event-loop delay (p99 over the last heartbeat interval, ms): how busy it is. */
  eventLoopLagMs: integer('event_loop_lag_ms').notNull().default(0),
});

/** Fixed-window request counters per client and purpose (legacy API, dashboard logins). */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: integer('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('rate_limits_window_start').on(t.windowStart)],
);

/** Open Server-Sent Event streams, so a session's streams are capped across every isolate and
 * edge instance. A stream renews its row while open; a row past `expiresAt` (a stream that died
 * without cleaning up) no longer counts. */
export const eventStreams = sqliteTable(
  'event_streams',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('event_streams_session').on(t.sessionId, t.expiresAt)],
);

/** Signatures of internal calls a host has accepted, kept until they could no longer pass the
 * timestamp check, so a captured call is refused even by a host restarted meanwhile. */
export const internalCallSignatures = sqliteTable(
  'internal_call_signatures',
  {
    signature: text('signature').primaryKey(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('internal_call_signatures_expires').on(t.expiresAt)],
);

/** Who a contact is, as one session's WhatsApp account learned it: phone number and LID (either
 * may be unknown), push name, and the last "is on WhatsApp" check. Per session, not global: WhatsApp
 * reveals the phone behind a LID to some accounts and not others, and a session token must not
 * learn what another session's account was told. `phone` and `lid` are bare digits (the user part). */
export const contactIdentities = sqliteTable(
  'contact_identities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').notNull(),
    phone: text('phone'),
    lid: text('lid'),
    pushName: text('push_name'),
    /** 1 on WhatsApp, 0 not, null never checked (a known LID proves it is on WhatsApp). */
    onWhatsApp: integer('on_whatsapp'),
    checkedAt: integer('checked_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('contact_identities_phone').on(t.sessionId, t.phone), uniqueIndex('contact_identities_lid').on(t.sessionId, t.lid)],
);

/** Dashboard accounts the admin creates (the first admin stays ADMIN_USERNAME from the settings).
 * `passwordHash` is PBKDF2 like ADMIN_PASSWORD_HASH (shared/src/auth/password-hash.ts); null until
 * the invite is accepted. The one-time invite or reset link is kept as its SHA-256 only, with its
 * expiry; issuing a new one replaces it, and using it clears it (single use). */
export const dashboardUsers = sqliteTable('dashboard_users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  role: text('role', { enum: ['admin', 'operator'] }).notNull(),
  passwordHash: text('password_hash'),
  linkHash: text('link_hash').unique(),
  linkExpiresAt: integer('link_expires_at'),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

/** The sessions an operator sees and changes. */
export const dashboardUserSessions = sqliteTable(
  'dashboard_user_sessions',
  {
    userId: text('user_id').notNull(),
    sessionId: text('session_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.sessionId] }), index('dashboard_user_sessions_session').on(t.sessionId)],
);

/** Who changed what, when, from where: one row per change through the API or the dashboard and per
 * sign-in (refused ones too). `actor` is `master`, `admin:<name>`, `user:<id>`, `session:<id>` or
 * `anonymous`, never a secret; `detail` is small bounded JSON without secrets. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    sessionId: text('session_id'),
    status: integer('status').notNull(),
    address: text('address').notNull(),
    detail: text('detail'),
  },
  (t) => [
    index('audit_log_at').on(t.at),
    index('audit_log_actor').on(t.actor, t.id),
    index('audit_log_action').on(t.action, t.id),
    index('audit_log_session').on(t.sessionId, t.id),
  ],
);

/** A session's send governor: the operator's overrides of the gateway's defaults (JSON, see
 * shared/src/api/governor.ts) and an auto-pause, kept until an operator resumes. Today's counts
 * are not stored here: they are read back from `messages.sent_at`, which every send writes. */
export const sendGovernors = sqliteTable('send_governors', {
  sessionId: text('session_id').primaryKey(),
  settings: text('settings').notNull().default('{}'),
  pausedReason: text('paused_reason'),
  pausedAt: integer('paused_at'),
  updatedAt: integer('updated_at').notNull().default(now),
});

/** A session's AI replies: an OpenAI-compatible chat endpoint that answers contacts' texts in 1:1
 * chats. Off unless `enabled`; the API key is sealed under HOST_SHARED_SECRET ('ai-key'), which the
 * host opens to call the endpoint. `lastError` is the last failed call, shown on GET. */
export const aiReplyConfigs = sqliteTable('ai_reply_configs', {
  sessionId: text('session_id').primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(false),
  baseUrl: text('base_url').notNull(),
  model: text('model').notNull(),
  keySealed: text('key_sealed'),
  systemPrompt: text('system_prompt').notNull().default(''),
  contextMessages: integer('context_messages').notNull(),
  dailyCap: integer('daily_cap').notNull(),
  /** When the AI was last switched on: an operator's message before it does not take a chat over. */
  enabledAt: integer('enabled_at'),
  lastError: text('last_error'),
  lastErrorAt: integer('last_error_at'),
  updatedAt: integer('updated_at').notNull().default(now),
});

/** Chats a human took over from the AI (an operator's message, or the switch), and chats handed
 * back: after `handedBackAt` only newer operator messages take the chat over again. */
export const aiReplyChats = sqliteTable(
  'ai_reply_chats',
  {
    sessionId: text('session_id').notNull(),
    chatJid: text('chat_jid').notNull(),
    takenOverAt: integer('taken_over_at'),
    /** 'switch' (PUT …/chats/{chatId}/ai) or 'message' (an operator wrote in the chat). */
    takenOverBy: text('taken_over_by'),
    handedBackAt: integer('handed_back_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.chatJid] })],
);

/** One row per chat of a session (the inbox's list): its latest message, kept by the trigger
 * `messages_chat_last` on every insert into `messages` (migration `*_chats.sql`), so no writer of messages
 * needs to know, and the read mark POST /chats/read moves (the `messages.id` of the latest received
 * message marked read; only forward). Unread: received messages above the mark. */
export const chats = sqliteTable(
  'chats',
  {
    sessionId: text('session_id').notNull(),
    remoteJid: text('remote_jid').notNull(),
    lastMessageId: integer('last_message_id').notNull(),
    lastReadId: integer('last_read_id').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.remoteJid] }), index('chats_session_last').on(t.sessionId, t.lastMessageId)],
);

/** The subject (name) of each group a session's account is in, shown as the chat's name in the
 * inbox. Written by the host from the group's metadata (asked once per group, when its first
 * message of a run arrives) and from subject changes; read with the chats. */
export const groupSubjects = sqliteTable(
  'group_subjects',
  {
    sessionId: text('session_id').notNull(),
    groupJid: text('group_jid').notNull(),
    subject: text('subject').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.groupJid] })],
);

/** Message counts per session and time bucket (a minute or an hour, UTC), for the analytics API
 * and the dashboard's overview. Incremented by the statements that change a message (its status
 * batch, its incoming insert), so reading a day is 24 rows, not a scan of the messages table;
 * a status counts once, in the bucket of the moment it was reached. Minute buckets are dropped
 * after ANALYTICS_MINUTE_RETENTION_HOURS; hour buckets stay. */
export const messageCounts = sqliteTable(
  'message_counts',
  {
    sessionId: text('session_id').notNull(),
    granularity: text('granularity', { enum: ['minute', 'hour'] }).notNull(),
    /** The bucket's first millisecond (epoch ms, UTC). */
    bucketStart: integer('bucket_start').notNull(),
    sent: integer('sent').notNull().default(0),
    delivered: integer('delivered').notNull().default(0),
    read: integer('read').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    received: integer('received').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.granularity, t.bucketStart] }), index('message_counts_bucket').on(t.granularity, t.bucketStart)],
);

/** A session's auto-reply rules: the first enabled rule (by priority, then id) that an incoming
 * message matches answers it through the send queue. */
export const autoReplyRules = sqliteTable(
  'auto_reply_rules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').notNull(),
    name: text('name'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Lower first; equal priorities in creation order. */
    priority: integer('priority').notNull().default(0),
    /** exact, contains, regex (RE2 syntax, linear time) or first_message. */
    matchKind: text('match_kind').notNull(),
    pattern: text('pattern'),
    caseSensitive: integer('case_sensitive', { mode: 'boolean' }).notNull().default(false),
    /** JSON: the reply's content (AutoReplyContent). */
    reply: text('reply').notNull(),
    /** Also answer in group chats. */
    inGroups: integer('in_groups', { mode: 'boolean' }).notNull().default(false),
    /** Local "HH:MM-HH:MM" in which the rule answers; null: always. */
    timeWindow: text('time_window'),
    timeZone: text('time_zone').notNull().default('UTC'),
    /** After any auto-reply to a contact, none goes to it for this long. */
    cooldownSeconds: integer('cooldown_seconds').notNull(),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [index('auto_reply_rules_session').on(t.sessionId, t.priority, t.id)],
);
