-- reminders_user (user_id, status) was written by every reminder a capture arms, about
-- 12 µs and one page of the commit apiece (bench/bench_capture.py), and served only the
-- recurring check-ins: those are found by their rule now, through an index item
-- reminders are not in. It also gives the "next occurrence" of a rule an index: that
-- correlated subquery read every pending reminder for each rule listed.
DROP INDEX reminders_user;
CREATE INDEX reminders_recurring ON reminders (recurring_id, status) WHERE recurring_id IS NOT NULL;
