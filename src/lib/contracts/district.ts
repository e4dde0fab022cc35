/**
 * The district definition file: the operator's data, never code. Loaded at every start
 * (DISTRICT_FILE); wards are added or renamed, never deleted (their reports are history).
 */
import { z } from 'zod';
import { ZONE_SCHEME_NAMES } from '../domain/zones.ts';
import { DEFAULT_OCCUPANCY_THRESHOLDS } from '../domain/quarantine.ts';
import { DEFAULT_REPORT_GRACE_MINUTES } from '../domain/overdue.ts';
import { DEFAULT_VACCINATION } from '../domain/progress.ts';

/** The district file's default alert thresholds: the domain's, never a second copy of 85 % / 95 %. */
export const DEFAULT_ALERTS = { occupancyWarn: DEFAULT_OCCUPANCY_THRESHOLDS.warn, occupancyCritical: DEFAULT_OCCUPANCY_THRESHOLDS.critical };

/** Lower-case ASCII slug, e.g. "phuc-xa": safe in URLs, room names and document names. */
export const WARD_CODE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const WARD_CODE_MAX = 40;

export const wardCode = z.string().max(WARD_CODE_MAX).regex(WARD_CODE_PATTERN);

export const districtDefinition = z
	.strictObject({
		code: wardCode,
		name: z.string().trim().min(1).max(100),
		/** Which zone-level scheme the wards report in: "three" (2021) or "four". */
		zoneScheme: z.enum(ZONE_SCHEME_NAMES as [string, ...string[]]).default('three'),
		/**
		 * Minutes after each report slot (REPORT_SLOTS) a ward's report still counts as on time: past
		 * it, a ward that has not reported for the slot is shown overdue (lib/domain/overdue.ts).
		 */
		reportGraceMinutes: z
			.number()
			.int()
			.min(0)
			.max(24 * 60)
			.default(DEFAULT_REPORT_GRACE_MINUTES),
		/**
		 * Deprecated (issue 11 §7): overdue follows the report slots and `reportGraceMinutes`, not a
		 * fixed interval. Still accepted (district files written before) and stored, never used.
		 */
		reportingIntervalMinutes: z
			.number()
			.int()
			.min(5)
			.max(7 * 24 * 60)
			.default(360),
		/** The district command post's public hotline (issue 14 §1), shown on the wall and in the directory. */
		hotline: z.string().trim().max(40).optional(),
		/** Optional target of quarantine beds for the district: the wall shows "x / target". Seeds an empty database only. */
		quarantineBedTarget: z.number().int().min(1).max(10_000_000).optional(),
		/** Alert thresholds on the wall: share of beds occupied that warns / is critical. */
		alerts: z
			.strictObject({
				occupancyWarn: z.number().min(0.1).max(1).default(DEFAULT_ALERTS.occupancyWarn),
				occupancyCritical: z.number().min(0.1).max(1).default(DEFAULT_ALERTS.occupancyCritical),
				/** Days between a blockade's testing rounds before its next one is overdue (default 3, domain/blockade). */
				blockadeRoundDays: z.number().int().min(1).max(30).optional(),
				/** Days a traced F1 may wait to be moved to quarantine before it is an alert (default 1, domain/f1-flow). */
				f1WaitingDays: z.number().int().min(1).max(14).optional()
			})
			.refine((a) => a.occupancyWarn <= a.occupancyCritical, { message: 'occupancyWarn must not exceed occupancyCritical' })
			.default(DEFAULT_ALERTS),
		/** Testing and vaccination progress (issue 13 §3): doses per full course, and the coverage goal (0–1). */
		vaccination: z
			.strictObject({
				courseDoses: z.number().int().min(1).max(5).default(DEFAULT_VACCINATION.courseDoses),
				goal: z.number().min(0.1).max(1).default(DEFAULT_VACCINATION.goal)
			})
			.default(DEFAULT_VACCINATION),
		wards: z
			.array(
				z.strictObject({
					code: wardCode,
					name: z.string().trim().min(1).max(100),
					hotline: z.string().trim().max(40).optional(),
					population: z.number().int().min(0).max(100_000_000).optional(),
					/** Vaccine doses given before the product counted them: the ward's coverage starts from them. */
					dosesBefore: z.number().int().min(0).max(1_000_000_000).optional(),
					/** Deprecated, as the district's: accepted and stored, never used. */
					reportingIntervalMinutes: z
						.number()
						.int()
						.min(5)
						.max(7 * 24 * 60)
						.optional()
				})
			)
			.min(1)
			.max(200)
	})
	.superRefine((d, ctx) => {
		const seen = new Set<string>();
		d.wards.forEach((w, i) => {
			if (seen.has(w.code)) {
				ctx.addIssue({ code: 'custom', path: ['wards', i, 'code'], message: `duplicate ward code "${w.code}"` });
			}
			seen.add(w.code);
		});
	});

export type DistrictDefinition = z.infer<typeof districtDefinition>;
