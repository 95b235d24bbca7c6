-- Indexes the client card and the export need (measured at 1M items in bench/):
-- paging one user's items by id without sorting all of them, and a client's open
-- items without reading other clients'.
CREATE INDEX items_user_id ON items (user_id, id);
CREATE INDEX items_user_client_open ON items (user_id, client_id, status, due_at);
