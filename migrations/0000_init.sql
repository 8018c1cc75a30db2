CREATE TABLE `campaign_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` text NOT NULL,
	`position` integer NOT NULL,
	`number` text NOT NULL,
	`name` text,
	`job_title` text,
	`company_name` text,
	`custom_fields` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`wa_message_id` text,
	`next_attempt_at` integer,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_recipients_position` ON `campaign_recipients` (`campaign_id`,`position`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_status` ON `campaign_recipients` (`campaign_id`,`status`,`position`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`status_detail` text,
	`message` text NOT NULL,
	`settings` text NOT NULL,
	`recipient_list_id` text,
	`scheduled_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`started_at` integer,
	`completed_at` integer,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `campaigns_session_status` ON `campaigns` (`session_id`,`status`);--> statement-breakpoint
CREATE TABLE `host_leases` (
	`session_id` text PRIMARY KEY NOT NULL,
	`host_id` text NOT NULL,
	`host_url` text NOT NULL,
	`expires_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`session_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`response` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`session_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `media` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text,
	`mimetype` text NOT NULL,
	`size` integer NOT NULL,
	`original_name` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`wa_message_id` text NOT NULL,
	`direction` text NOT NULL,
	`remote_jid` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`campaign_recipient_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_session_wa_id` ON `messages` (`session_id`,`wa_message_id`);--> statement-breakpoint
CREATE INDEX `messages_session_status` ON `messages` (`session_id`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `recipient_list_members` (
	`list_id` text NOT NULL,
	`position` integer NOT NULL,
	`number` text NOT NULL,
	`name` text,
	`job_title` text,
	`company_name` text,
	`custom_fields` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`list_id`, `position`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recipient_list_members_number` ON `recipient_list_members` (`list_id`,`number`);--> statement-breakpoint
CREATE TABLE `recipient_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text,
	`name` text NOT NULL,
	`description` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`recipient_count` integer DEFAULT 0 NOT NULL,
	`usage_count` integer DEFAULT 0 NOT NULL,
	`last_used` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `recipient_lists_session` ON `recipient_lists` (`session_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`token_sealed` text,
	`status` text DEFAULT 'STARTING' NOT NULL,
	`detail` text,
	`qr` text,
	`me_jid` text,
	`me_name` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_unique` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE TABLE `wa_auth_state` (
	`session_id` text NOT NULL,
	`category` text NOT NULL,
	`key_id` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`session_id`, `category`, `key_id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`event_id` text NOT NULL,
	`event` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_outbox_event_id_unique` ON `webhook_outbox` (`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_outbox_session_pending` ON `webhook_outbox` (`session_id`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`session_id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
