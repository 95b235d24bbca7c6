-- Updates taken over a webhook, so one that Telegram delivers twice is handled once.
-- Rows older than Telegram's retry window (a day) are pruned.
CREATE TABLE processed_updates (
    update_id       INTEGER PRIMARY KEY,
    processed_at    INTEGER NOT NULL
);
CREATE INDEX processed_updates_at ON processed_updates (processed_at);
