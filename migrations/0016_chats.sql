CREATE TABLE `chats` (
	`session_id` text NOT NULL,
	`remote_jid` text NOT NULL,
	`last_message_id` integer NOT NULL,
	`last_read_id` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`session_id`, `remote_jid`)
);
--> statement-breakpoint
CREATE INDEX `chats_session_last` ON `chats` (`session_id`,`last_message_id`);--> statement-breakpoint
-- Every insert into messages, whoever writes it (the edge's queue, the host's incoming batches,
-- campaigns), keeps its chat's latest message here in the same statement: no writer changes.
CREATE TRIGGER `messages_chat_last` AFTER INSERT ON `messages` WHEN new.`remote_jid` <> 'status@broadcast' BEGIN
	INSERT INTO `chats` (`session_id`, `remote_jid`, `last_message_id`) VALUES (new.`session_id`, new.`remote_jid`, new.`id`)
	ON CONFLICT (`session_id`, `remote_jid`) DO UPDATE SET `last_message_id` = max(`last_message_id`, excluded.`last_message_id`);
END;
--> statement-breakpoint
INSERT INTO `chats` (`session_id`, `remote_jid`, `last_message_id`)
	SELECT `session_id`, `remote_jid`, max(`id`) FROM `messages` WHERE `remote_jid` <> 'status@broadcast' GROUP BY `session_id`, `remote_jid`;
