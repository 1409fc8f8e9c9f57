-- 0003: deliberation ("overleg"). A researcher marks a doubtful case for
-- discussion with a question; the decision taken in the meeting is recorded
-- on the same row with who and when. Nothing is deleted: a case may be
-- brought up again with a new row.
CREATE TABLE r_discussions (
    id         INTEGER PRIMARY KEY,
    case_id    TEXT NOT NULL,
    question   TEXT NOT NULL,
    asked_by   TEXT NOT NULL,
    asked_at   TEXT NOT NULL,
    decision   TEXT,
    decided_by TEXT,
    decided_at TEXT
);
CREATE INDEX r_discussions_case ON r_discussions (case_id, id);
-- The undo of a value change is an audit row like any other (via = 'undo').
CREATE INDEX r_values_version ON r_values (version, case_id);
