CREATE TABLE `polls` (
	`session_id` text NOT NULL,
	`wa_message_id` text NOT NULL,
	`creator_jids` text NOT NULL,
	`secret` text NOT NULL,
	`question` text NOT NULL,
	`options` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`session_id`, `wa_message_id`)
);
--> statement-breakpoint
CREATE INDEX `polls_created` ON `polls` (`created_at`);