-- 0005: a blind coder's flag "hoort hier niet" (the case seems not to be
-- trafficking, or off-topic) is a discussion row marked off_topic: it is shown
-- to every researcher at once (it says nothing about the coder's values) and
-- keeps the case open until the discussion decides.
ALTER TABLE r_discussions ADD COLUMN off_topic INTEGER NOT NULL DEFAULT 0;
