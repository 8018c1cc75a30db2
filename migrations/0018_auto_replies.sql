CREATE TABLE `auto_reply_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`name` text,
	`enabled` integer DEFAULT true NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`match_kind` text NOT NULL,
	`pattern` text,
	`case_sensitive` integer DEFAULT false NOT NULL,
	`reply` text NOT NULL,
	`in_groups` integer DEFAULT false NOT NULL,
	`time_window` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`cooldown_seconds` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `auto_reply_rules_session` ON `auto_reply_rules` (`session_id`,`priority`,`id`);--> statement-breakpoint
CREATE INDEX `messages_auto_replies` ON `messages` (`session_id`,`created_at`) WHERE origin = 'auto_reply';