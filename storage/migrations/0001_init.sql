-- Foundation and capture. Times are INTEGER unix seconds (UTC); zones live on the user.
CREATE TABLE users (
    user_id         INTEGER PRIMARY KEY,          -- Telegram user id
    language        TEXT    NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ru')),
    timezone        TEXT,                         -- IANA name; NULL means the bot's default
    end_of_day      TEXT    NOT NULL DEFAULT '18:00',
    active          INTEGER NOT NULL DEFAULT 1,   -- 0 once the user blocked the bot
    created_at      INTEGER NOT NULL
);

CREATE TABLE clients (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    name_key        TEXT    NOT NULL,             -- casefolded name, unique per user
    aliases         TEXT    NOT NULL DEFAULT '',  -- newline-separated
    status          TEXT    NOT NULL DEFAULT 'active'
                            CHECK (status IN ('active', 'paused', 'archived')),
    created_at      INTEGER NOT NULL,
    last_used_at    INTEGER NOT NULL,
    UNIQUE (user_id, name_key)
);
CREATE INDEX clients_recent ON clients (user_id, last_used_at DESC);

CREATE TABLE items (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    client_id       INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    client_hint     TEXT,                         -- an unknown "#tag"/"Name:" awaiting an answer
    kind            TEXT    NOT NULL CHECK (kind IN ('note', 'request', 'deadline', 'reminder')),
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'deleted')),
    title           TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    due_at          INTEGER,                      -- the team's (internal) deadline or reminder time
    has_time        INTEGER NOT NULL DEFAULT 0,
    source          TEXT    NOT NULL DEFAULT 'typed'
                            CHECK (source IN ('typed', 'forwarded', 'voice', 'file')),
    file_id         TEXT,
    file_type       TEXT,
    chat_id         INTEGER NOT NULL,             -- the user's message this item came from:
    message_id      INTEGER NOT NULL,             -- re-delivery of it must not store it twice
    reply_message_id INTEGER,                     -- the bot's confirmation, edited on changes
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    closed_at       INTEGER,
    UNIQUE (user_id, chat_id, message_id)
);
CREATE INDEX items_user_created ON items (user_id, created_at DESC);
CREATE INDEX items_user_client ON items (user_id, client_id, created_at DESC);

-- The client of the current call (/call Acme ... /end); expires after idle time.
CREATE TABLE calls (
    user_id         INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    started_at      INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL
);
