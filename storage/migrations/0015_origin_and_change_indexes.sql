-- Answering "Which client is …?" files that sender's conversations and items: without
-- an index on the sender every answer read all users' forwards.
CREATE INDEX forwards_origin ON forwards (origin_id, conversation_id);
-- An undo asks whether the field changed again since: one client's later changes, not
-- every user's.
CREATE INDEX client_changes_client ON client_changes (client_id, field, id);
-- The digest's "yesterday in numbers" counts the client messages logged that day.
CREATE INDEX forwards_user_received ON forwards (user_id, received_at);
