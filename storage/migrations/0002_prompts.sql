-- A question the bot asked and waits an answer to ("send the new date"), kept in the
-- database so that a restart between question and answer loses nothing.
CREATE TABLE prompts (
    user_id         INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    action          TEXT    NOT NULL,
    item_id         INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL
);
