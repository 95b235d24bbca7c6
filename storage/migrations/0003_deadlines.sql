-- Padded client-facing deadlines, per-user/per-client padding, and reminders as rows.
ALTER TABLE items ADD COLUMN client_due_at INTEGER;           -- the date promised to the client
ALTER TABLE items ADD COLUMN client_due_manual INTEGER NOT NULL DEFAULT 0;  -- set by hand: wins
ALTER TABLE items ADD COLUMN padded_from INTEGER;             -- capture/move time the padding used

ALTER TABLE users ADD COLUMN holidays_country TEXT;           -- NULL: the bot's HOLIDAYS_COUNTRY
ALTER TABLE users ADD COLUMN pad_days INTEGER;                -- NULL: defaults (1 business day,
ALTER TABLE users ADD COLUMN pad_percent INTEGER;             --        25% of the lead time)
ALTER TABLE users ADD COLUMN pad_enabled INTEGER;
ALTER TABLE clients ADD COLUMN pad_days INTEGER;              -- NULL: the user's policy
ALTER TABLE clients ADD COLUMN pad_percent INTEGER;
ALTER TABLE clients ADD COLUMN pad_enabled INTEGER;

-- "каждый понедельник в 11 созвон с Acme": a rule and the next occurrence.
CREATE TABLE recurring (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    client_id       INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    title           TEXT    NOT NULL,
    rule            TEXT    NOT NULL,                         -- bot.recurrence.Recurrence.to_rule()
    active          INTEGER NOT NULL DEFAULT 1,
    chat_id         INTEGER NOT NULL,
    message_id      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (user_id, chat_id, message_id)
);

-- Every reminder the bot owes is a row; the scheduler only ever wakes up to read them.
CREATE TABLE reminders (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    item_id         INTEGER REFERENCES items (id) ON DELETE CASCADE,
    recurring_id    INTEGER REFERENCES recurring (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL
                            CHECK (kind IN ('internal', 'client', 'reminder', 'snooze', 'recurring')),
    due_at          INTEGER NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'sent', 'cancelled', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,                         -- due_at, or later after a failure
    sent_at         INTEGER,
    message_id      INTEGER,
    late            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reminders_pending ON reminders (next_attempt_at) WHERE status = 'pending';
CREATE INDEX reminders_item ON reminders (item_id, kind);
CREATE INDEX reminders_user ON reminders (user_id, status);
