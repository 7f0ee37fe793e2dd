-- 006_rule_indexes.sql: an index for every query shape the bundled rules use, so that a check
-- costs a search per unit and window, not a scan of a record table (issue 12). Chosen from
-- EXPLAIN QUERY PLAN of each rule's statements; tests/cli/plans.sh fails when a bundled rule's
-- query scans a record table again.
-- Who took part: people are looked up by unit, then their participations by person.
CREATE INDEX IF NOT EXISTS participants_person ON participants(person_id);
-- Offices, posts, funds, roles and pairings of one unit in a window.
CREATE INDEX IF NOT EXISTS offices_unit_date ON offices(unit_id, start_date);
CREATE INDEX IF NOT EXISTS posts_unit_date ON posts(unit_id, date);
CREATE INDEX IF NOT EXISTS funds_unit_date ON funds(unit_id, date);
CREATE INDEX IF NOT EXISTS roles_unit_role ON roles(unit_id, role, start_date);
CREATE INDEX IF NOT EXISTS pairings_unit_date ON pairings(unit_id, start_date);
