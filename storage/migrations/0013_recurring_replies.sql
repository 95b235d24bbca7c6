-- A recurring check-in's confirmation, like an item's (items.reply_message_id): editing
-- the message that set the rule up edits the rule and this confirmation.
ALTER TABLE recurring ADD COLUMN reply_message_id INTEGER;
