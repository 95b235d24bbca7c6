-- A logged message is now indexed with who wrote it ("/find Ivan" finds what Ivan said,
-- bot.textsearch.forward_document). The stems are made in Python, so the old entries
-- go here and the search backfill at start indexes every logged message again.
DELETE FROM forward_search;
