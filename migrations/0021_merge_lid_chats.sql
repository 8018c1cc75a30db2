-- A contact stored under its LID (`<lid>@lid`) whose number the session has learned since
-- (contact_identities holds both) is one chat under the number: its chat row, messages and AI
-- takeover move there, as the host does from now on when it learns a pair (lid-chat-merge.ts).
-- Rows only move between values the code already reads; nothing is added or dropped.
INSERT INTO `chats` (`session_id`, `remote_jid`, `last_message_id`, `last_read_id`)
	SELECT c.`session_id`, ci.`phone` || '@s.whatsapp.net', c.`last_message_id`, c.`last_read_id` FROM `chats` c
	JOIN `contact_identities` ci ON ci.`session_id` = c.`session_id` AND ci.`phone` IS NOT NULL
		AND ci.`lid` = substr(c.`remote_jid`, 1, length(c.`remote_jid`) - 4)
	WHERE c.`remote_jid` LIKE '%@lid'
	ON CONFLICT (`session_id`, `remote_jid`) DO UPDATE SET `last_message_id` = max(`chats`.`last_message_id`, excluded.`last_message_id`),
		`last_read_id` = max(`chats`.`last_read_id`, excluded.`last_read_id`);
--> statement-breakpoint
UPDATE `messages` SET `remote_jid` = (SELECT ci.`phone` || '@s.whatsapp.net' FROM `contact_identities` ci
		WHERE ci.`session_id` = `messages`.`session_id` AND ci.`phone` IS NOT NULL AND ci.`lid` = substr(`messages`.`remote_jid`, 1, length(`messages`.`remote_jid`) - 4))
	WHERE `remote_jid` LIKE '%@lid' AND EXISTS (SELECT 1 FROM `contact_identities` ci
		WHERE ci.`session_id` = `messages`.`session_id` AND ci.`phone` IS NOT NULL AND ci.`lid` = substr(`messages`.`remote_jid`, 1, length(`messages`.`remote_jid`) - 4));
--> statement-breakpoint
UPDATE OR IGNORE `ai_reply_chats` SET `chat_jid` = (SELECT ci.`phone` || '@s.whatsapp.net' FROM `contact_identities` ci
		WHERE ci.`session_id` = `ai_reply_chats`.`session_id` AND ci.`phone` IS NOT NULL AND ci.`lid` = substr(`ai_reply_chats`.`chat_jid`, 1, length(`ai_reply_chats`.`chat_jid`) - 4))
	WHERE `chat_jid` LIKE '%@lid' AND EXISTS (SELECT 1 FROM `contact_identities` ci
		WHERE ci.`session_id` = `ai_reply_chats`.`session_id` AND ci.`phone` IS NOT NULL AND ci.`lid` = substr(`ai_reply_chats`.`chat_jid`, 1, length(`ai_reply_chats`.`chat_jid`) - 4));
--> statement-breakpoint
DELETE FROM `chats` WHERE `remote_jid` LIKE '%@lid' AND EXISTS (SELECT 1 FROM `contact_identities` ci
	WHERE ci.`session_id` = `chats`.`session_id` AND ci.`phone` IS NOT NULL AND ci.`lid` = substr(`chats`.`remote_jid`, 1, length(`chats`.`remote_jid`) - 4));
