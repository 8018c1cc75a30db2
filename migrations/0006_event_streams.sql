CREATE TABLE `event_streams` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `event_streams_session` ON `event_streams` (`session_id`,`expires_at`);