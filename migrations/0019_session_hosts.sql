CREATE TABLE `session_hosts` (
	`host_id` text PRIMARY KEY NOT NULL,
	`host_url` text NOT NULL,
	`heartbeat_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`draining` integer DEFAULT false NOT NULL,
	`event_loop_lag_ms` integer DEFAULT 0 NOT NULL
);
