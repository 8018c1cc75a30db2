// The API's answers as the dashboard reads them: inferred from the same zod schemas the edge
// validates and documents with, so a changed shape breaks the type check here too. Types only:
// nothing of zod reaches the browser bundle.
import type { z } from 'zod';
import type { AiReplyConfigView } from '../../../../shared/src/api/ai-replies.js';
import type * as autoReplies from '../../../../shared/src/api/auto-replies.js';
import type * as governor from '../../../../shared/src/api/governor.js';
import type * as campaigns from '../../../../shared/src/api/campaigns.js';
import type { SuccessMessage } from '../../../../shared/src/api/common.js';
import type { UploadMediaResponse } from '../../../../shared/src/api/media.js';
import type { MessageResult } from '../../../../shared/src/api/messages.js';
import type * as lists from '../../../../shared/src/api/recipient-lists.js';
import type * as sessions from '../../../../shared/src/api/sessions.js';
import type { GetWebhookResponse, SetWebhookResponse } from '../../../../shared/src/api/webhook.js';
import type { MeResponse } from '../../routes/auth/schema.js';
import type { ListChatsResponse } from '../../routes/chats/schema.js';
import type { ListMessagesResponse } from '../../routes/messages/schema.js';
import type { WebhookEventsResponse } from '../../routes/webhook-events/schema.js';

export type Success = z.infer<typeof SuccessMessage>;
export type Session = z.infer<typeof sessions.SessionSummary>;
export type SessionCreated = z.infer<typeof sessions.CreateSessionResponse>;
export type PairingCode = z.infer<typeof sessions.PairingCodeResponse>;
export type Me = z.infer<typeof MeResponse>;
export type Webhook = z.infer<typeof GetWebhookResponse>;
export type WebhookSet = z.infer<typeof SetWebhookResponse>;
export type WebhookEvents = z.infer<typeof WebhookEventsResponse>;
export type Messages = z.infer<typeof ListMessagesResponse>;
export type Message = Messages['messages'][number];
export type Chats = z.infer<typeof ListChatsResponse>;
export type Chat = Chats['chats'][number];
export type Content = Message['content'];
export type SendResult = z.infer<typeof MessageResult>;
export type Upload = z.infer<typeof UploadMediaResponse>;
export type ListSummary = z.infer<typeof lists.ListSummary>;
export type ListDetails = z.infer<typeof lists.ListDetails>;
export type ListCreated = z.infer<typeof lists.ListCreatedResponse>;
export type ImportResult = z.infer<typeof lists.ImportResponse>;
export type CampaignSummary = z.infer<typeof campaigns.CampaignSummary>;
export type CampaignDetails = z.infer<typeof campaigns.CampaignDetails>;
export type CampaignCreated = z.infer<typeof campaigns.CampaignResponse>;
export type CampaignProgress = z.infer<typeof campaigns.CampaignProgress>;
export type AiReplies = z.infer<typeof AiReplyConfigView>;
export type Governor = z.infer<typeof governor.GovernorView>;
export type GovernorUpdated = z.infer<typeof governor.GovernorUpdateResponse>;
export type GovernorResumed = z.infer<typeof governor.GovernorResumeResponse>;
export type AutoReplyRule = z.infer<typeof autoReplies.AutoReplyRule>;
export type AutoReplyRules = z.infer<typeof autoReplies.AutoReplyRuleList>;
export type AutoReplyChanged = z.infer<typeof autoReplies.AutoReplyRuleChanged>;
