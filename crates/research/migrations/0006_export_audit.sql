-- 0006: an export remembers the last row of the audit it was made after, so
-- the cases whose final coding changed since a final export are found by the
-- log's order, not by clock seconds (a change in the export's own second
-- counts on the right side). Older exports have none: they fall back to the
-- time.
ALTER TABLE r_exports ADD COLUMN audit_id INTEGER;
