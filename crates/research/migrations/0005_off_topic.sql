-- 0005: a blind coder's flag "hoort hier niet" (the case seems not to be
-- trafficking, or off-topic) is a discussion row marked off_topic: it is shown
-- to every researcher at once (it says nothing about the coder's values) and
-- keeps the case open until the discussion decides.
ALTER TABLE r_discussions ADD COLUMN off_topic INTEGER NOT NULL DEFAULT 0;
-- A final coding marked "klaar" (finished) by a researcher, or taken back:
-- one row per mark, the latest of a case holds. An included case is finished
-- only once its final coding is marked so.
CREATE TABLE r_final_marks (
    id       INTEGER PRIMARY KEY,
    case_id  TEXT NOT NULL,
    done     INTEGER NOT NULL CHECK (done IN (0, 1)),
    marked_by TEXT NOT NULL,
    marked_at TEXT NOT NULL
);
CREATE INDEX r_final_marks_case ON r_final_marks (case_id, id);
