CREATE TABLE `session_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`seq` integer NOT NULL,
	`event_id` text NOT NULL,
	`event` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_events_event_id_unique` ON `session_events` (`event_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `session_events_session_seq` ON `session_events` (`session_id`,`seq`);--> statement-breakpoint
CREATE INDEX `session_events_created` ON `session_events` (`created_at`);--> statement-breakpoint
CREATE TABLE `session_webhooks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`events` text DEFAULT '["*"]' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `session_webhooks_session` ON `session_webhooks` (`session_id`,`id`);--> statement-breakpoint
ALTER TABLE `webhook_outbox` ADD `webhook_id` integer;--> statement-breakpoint
ALTER TABLE `webhook_outbox` ADD `seq` integer;--> statement-breakpoint
CREATE INDEX `webhook_outbox_webhook_pending` ON `webhook_outbox` (`session_id`,`webhook_id`,`status`,`id`);--> statement-breakpoint
INSERT INTO `session_webhooks` (`session_id`, `url`, `secret`, `events`, `created_at`, `updated_at`) SELECT `session_id`, `url`, `secret`, '["*"]', `created_at`, `updated_at` FROM `webhooks` ORDER BY `created_at`;--> statement-breakpoint
UPDATE `webhook_outbox` SET `webhook_id` = (SELECT `id` FROM `session_webhooks` WHERE `session_webhooks`.`session_id` = `webhook_outbox`.`session_id`);--> statement-breakpoint
UPDATE `webhook_outbox` SET `status` = 'dead', `last_error` = 'webhook removed' WHERE `status` = 'pending' AND `webhook_id` IS NULL;
