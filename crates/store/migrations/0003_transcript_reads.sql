-- 0003: the audit of transcript reads.
--
-- Every time a person or a command reads a transcript (the console, the
-- supervisor's reading along, the research pages, `zicht export`,
-- `zicht import --from-store`) one row records who, when, which conversation
-- and why (the page or command). It holds no transcript text, and no foreign
-- key: the record of a read outlives the transcript that retention deletes.
CREATE TABLE transcript_reads (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    staff        TEXT NOT NULL,
    conversation TEXT NOT NULL,
    purpose      TEXT NOT NULL
);
CREATE INDEX transcript_reads_at ON transcript_reads (at);
