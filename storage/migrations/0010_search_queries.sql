-- The query behind each search answer, so its page buttons page that query (not the
-- user's latest one) and still work after a restart. A user's newest few are kept.
CREATE TABLE search_queries (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    text            TEXT    NOT NULL,
    -- "#acme words": the client it was narrowed to; a deleted client takes it along.
    client_id       INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL
);
CREATE INDEX search_queries_user ON search_queries (user_id, id);
