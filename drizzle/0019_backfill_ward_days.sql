-- Ward days (issue 13 §3) for a database that already holds case reports: each ward's last report
-- of each Asia/Ho_Chi_Minh day, by the time it was made (entered_at, else reported_at), as the
-- trend has always counted them. From here on the case-report command keeps them.
INSERT INTO "ward_days" ("ward_code", "day", "samples_tested", "positives", "vaccine_doses", "f1_traced", "made_at", "report_id")
SELECT DISTINCT ON ("ward_code", "day") "ward_code", "day", "samples_tested", "positives", "vaccine_doses", "f1_traced", "made", "id"
FROM (
	SELECT *, coalesce("entered_at", "reported_at") AS "made",
		to_char(coalesce("entered_at", "reported_at") AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS "day"
	FROM "case_reports"
) r
ORDER BY "ward_code", "day", "made" DESC, "id" DESC;
