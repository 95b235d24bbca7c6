-- Full-text search over items and logged conversations, and questions about clients.

-- Stems, not text: SQLite has no Russian stemmer, so bot/textsearch.py stems both the
-- documents and the queries. `owner` is a per-user token ("u42") so that a search is
-- scoped to its user inside the index, before anything is ranked.
CREATE VIRTUAL TABLE item_search USING fts5(
    owner, body, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE forward_search USING fts5(
    owner, body, tokenize = 'unicode61 remove_diacritics 0'
);
-- Rows are added for existing items and forwards at start (stemming happens in Python).

-- A pending question may now be about a client's field rather than an item.
CREATE TABLE prompts_v2 (
    user_id         INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    action          TEXT    NOT NULL,
    item_id         INTEGER REFERENCES items (id) ON DELETE CASCADE,
    client_id       INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL
);
INSERT INTO prompts_v2 (user_id, action, item_id, created_at)
    SELECT user_id, action, item_id, created_at FROM prompts;
DROP TABLE prompts;
ALTER TABLE prompts_v2 RENAME TO prompts;

-- Field changes made by message ("Acme paid today"), so that each can be undone.
CREATE TABLE client_changes (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    field           TEXT    NOT NULL,
    old_value       TEXT,
    created_at      INTEGER NOT NULL
);
