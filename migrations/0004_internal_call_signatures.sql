CREATE TABLE `internal_call_signatures` (
	`signature` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `internal_call_signatures_expires` ON `internal_call_signatures` (`expires_at`);