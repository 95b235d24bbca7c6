-- Forwarded client chats: who said what and when, grouped into conversations.

-- A sender of forwarded messages, and what the manager said it is.
CREATE TABLE origins (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    origin_key      TEXT    NOT NULL,     -- user:<id> | chat:<id> | channel:<id> | hidden:<name>
    display_name    TEXT    NOT NULL,
    client_id       INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    is_team         INTEGER NOT NULL DEFAULT 0,   -- "our team": logged as us
    asked           INTEGER NOT NULL DEFAULT 0,   -- "which client is …?" was asked once
    UNIQUE (user_id, origin_key)
);

-- A burst of forwards: one entry in the client's timeline, one reply.
CREATE TABLE conversations (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    client_id       INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    first_at        INTEGER NOT NULL,     -- original date of the first message
    last_at         INTEGER NOT NULL,
    message_count   INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX conversations_client ON conversations (user_id, client_id, first_at DESC);

-- Every forwarded message, stored the moment it arrives (conversation_id NULL until
-- the burst ends), so a restart mid-burst loses nothing.
CREATE TABLE forwards (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    chat_id         INTEGER NOT NULL,
    message_id      INTEGER NOT NULL,
    origin_id       INTEGER REFERENCES origins (id) ON DELETE SET NULL,
    is_self         INTEGER NOT NULL DEFAULT 0,   -- the manager's own message: "us"
    sender_name     TEXT    NOT NULL,
    origin_date     INTEGER NOT NULL,
    received_at     INTEGER NOT NULL,
    text            TEXT    NOT NULL DEFAULT '',
    media_type      TEXT,
    file_id         TEXT,
    media_group_id  TEXT,
    conversation_id INTEGER REFERENCES conversations (id) ON DELETE CASCADE,
    UNIQUE (user_id, chat_id, message_id)
);
CREATE INDEX forwards_pending ON forwards (user_id) WHERE conversation_id IS NULL;
CREATE INDEX forwards_conversation ON forwards (conversation_id, origin_date);

-- Items proposed from a forward and created with a tap keep their origin.
ALTER TABLE items ADD COLUMN origin_sender TEXT;
ALTER TABLE items ADD COLUMN origin_date INTEGER;
