-- Zone history (issue 13 §2) for a database that already holds case reports: each ward's zone
-- changes, read once from its reports in arrival order (the order "latest" has always meant),
-- at the time each report was made. From here on the case-report command writes them.
INSERT INTO "zone_changes" ("subject", "subject_key", "ward_code", "from_zone", "to_zone", "at")
SELECT 'ward', "ward_code", "ward_code", "prev", "zone", "made"
FROM (
	SELECT "ward_code", "zone", coalesce("entered_at", "reported_at") AS "made", "reported_at", "id",
		lag("zone") OVER (PARTITION BY "ward_code" ORDER BY "reported_at", "id") AS "prev"
	FROM "case_reports"
) r
WHERE "prev" IS DISTINCT FROM "zone"
ORDER BY "reported_at", "id";
