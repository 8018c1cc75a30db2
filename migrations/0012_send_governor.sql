CREATE TABLE `send_governors` (
	`session_id` text PRIMARY KEY NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`paused_reason` text,
	`paused_at` integer,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `linked_at` integer;--> statement-breakpoint
CREATE INDEX `messages_session_remote` ON `messages` (`session_id`,`remote_jid`);