-- The message that last answered a question, or changed a client's field by itself.
-- Telegram delivers a message again after a crash that came before it was confirmed; a
-- capture finds its own row by the message id, but an answer leaves no such row, and
-- read again it would be a new note ("prefers morning calls" in the Inbox) or a second
-- change. A row stays once its question is answered, with an empty action.
ALTER TABLE prompts ADD COLUMN answered_by INTEGER;
