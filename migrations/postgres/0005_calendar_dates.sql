-- A next step is due on a calendar day, the one its writer meant, the same for
-- every reader: `next_step_due` becomes a DATE. It held the instant that day
-- ended in the writer's zone: a local midnight, at UTC minus that zone's offset.
-- The zone was not stored, so each instant is read as the midnight of the zone
-- between UTC-10:59 and UTC+13:00 whose midnight it is (that is, the day before
-- the UTC date of the instant plus 13 hours), which is exact for every zone
-- but those at UTC-11 and UTC+13:45 and +14.

ALTER TABLE deals ALTER COLUMN next_step_due TYPE DATE
    USING ((next_step_due AT TIME ZONE 'UTC') + INTERVAL '13 hours' - INTERVAL '1 day')::date;
