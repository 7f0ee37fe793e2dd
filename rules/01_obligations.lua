-- 01_obligations.lua — the plan's obligations: every sentence or clause part of plan-2020.txt
-- that asks something of a unit, in its own words, each enforced by named rules, self-assessed
-- (自评) or excused with a reason. `yaodian lint` holds the file against the plan and the rules;
-- `yaodian coverage` lists it. Kept apart from 00_plan.lua so that a test's few rules beside
-- the plan need not account for the whole plan.
obligations "obligations-2020.tsv"
