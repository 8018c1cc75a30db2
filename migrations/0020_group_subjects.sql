CREATE TABLE `group_subjects` (
	`session_id` text NOT NULL,
	`group_jid` text NOT NULL,
	`subject` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `group_jid`)
);
