-- The morning digest per user, and the client table's fields.
ALTER TABLE users ADD COLUMN digest_time TEXT;                -- HH:MM; NULL: the bot's DIGEST_TIME
ALTER TABLE users ADD COLUMN digest_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN digest_weekends INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN digest_skip_empty INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN next_digest_at INTEGER;          -- when the next digest is due (UTC)
ALTER TABLE users ADD COLUMN last_digest_on TEXT;             -- local date of the last one sent
CREATE INDEX users_next_digest ON users (next_digest_at) WHERE digest_enabled = 1;

ALTER TABLE clients ADD COLUMN preferred_channel TEXT
    CHECK (preferred_channel IN ('telegram', 'email', 'phone', 'other'));
ALTER TABLE clients ADD COLUMN email TEXT;
ALTER TABLE clients ADD COLUMN last_payment_on TEXT;          -- ISO dates: calendar days,
ALTER TABLE clients ADD COLUMN next_payment_on TEXT;          -- not moments
ALTER TABLE clients ADD COLUMN next_report_on TEXT;
ALTER TABLE clients ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN last_contact_at INTEGER;       -- last logged conversation or call

CREATE TABLE client_contacts (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    note            TEXT    NOT NULL DEFAULT ''               -- role, what matters to them
);
CREATE INDEX client_contacts_client ON client_contacts (client_id);

CREATE INDEX items_user_open ON items (user_id, status, due_at);
CREATE INDEX items_user_closed ON items (user_id, closed_at);
