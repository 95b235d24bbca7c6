-- Every capture writes each index on items, about 12 µs apiece (bench/bench_capture.py).
-- items_user_client served no query: a client's pages read items_user_client_open, which
-- begins with the same two columns. items_user_closed now holds closed items only: new
-- items are open, so a capture no longer writes it; "closed_at >= ?" still reads it.
DROP INDEX items_user_client;
DROP INDEX items_user_closed;
CREATE INDEX items_user_closed ON items (user_id, closed_at) WHERE closed_at IS NOT NULL;
