-- 0004: the audit of exports. Every export of a year that produced a file
-- (cases.csv or the SPSS .sav; provisional, with the finished cases only, or
-- final) is one row: which year, which kind and format, how many cases went
-- out, who and when. A refused export (cases not finished) writes no row.
CREATE TABLE r_exports (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('provisional', 'final')),
    format      TEXT NOT NULL CHECK (format IN ('csv', 'sav')),
    cases       INTEGER NOT NULL,
    exported_by TEXT NOT NULL,
    exported_at TEXT NOT NULL
);
CREATE INDEX r_exports_year ON r_exports (year, id);
