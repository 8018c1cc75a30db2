CREATE TABLE `ai_reply_chats` (
	`session_id` text NOT NULL,
	`chat_jid` text NOT NULL,
	`taken_over_at` integer,
	`taken_over_by` text,
	`handed_back_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `chat_jid`)
);
--> statement-breakpoint
CREATE TABLE `ai_reply_configs` (
	`session_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`base_url` text NOT NULL,
	`model` text NOT NULL,
	`key_sealed` text,
	`system_prompt` text DEFAULT '' NOT NULL,
	`context_messages` integer NOT NULL,
	`daily_cap` integer NOT NULL,
	`enabled_at` integer,
	`last_error` text,
	`last_error_at` integer,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `messages` ADD `origin` text;