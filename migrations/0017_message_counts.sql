CREATE TABLE `message_counts` (
	`session_id` text NOT NULL,
	`granularity` text NOT NULL,
	`bucket_start` integer NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`delivered` integer DEFAULT 0 NOT NULL,
	`read` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`session_id`, `granularity`, `bucket_start`)
);
--> statement-breakpoint
CREATE INDEX `message_counts_bucket` ON `message_counts` (`granularity`,`bucket_start`);