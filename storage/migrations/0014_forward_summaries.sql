-- The summary message that reported a conversation. A burst from two clients' chats is
-- one reply over a conversation per client, and answering a question on that reply
-- redraws all of them; a later burst asks again about a sender still unassigned, so the
-- reply tapped is not always the sender's first conversation's. (origins.asked is no
-- longer read: the question is asked while the sender is unassigned.)
ALTER TABLE conversations ADD COLUMN summary_message_id INTEGER;
CREATE INDEX conversations_summary ON conversations (user_id, summary_message_id)
    WHERE summary_message_id IS NOT NULL;
