CREATE TABLE `contact_identities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`phone` text,
	`lid` text,
	`push_name` text,
	`on_whatsapp` integer,
	`checked_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_identities_phone` ON `contact_identities` (`session_id`,`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `contact_identities_lid` ON `contact_identities` (`session_id`,`lid`);