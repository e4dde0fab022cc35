/**
 * The district and its wards: loaded from the operator's definition file at every start, and
 * cached in memory (they change only at start).
 */
import { asc, eq, notInArray } from 'drizzle-orm';
import { DEFAULT_ALERTS, type DistrictDefinition } from '../../contracts/district.ts';
import type { DistrictView } from '../../contracts/live.ts';
import { zoneLevels, type ZoneSchemeName } from '../../domain/zones.ts';
import { districts, wards } from '../db/schema.ts';
import { DEFAULT_REPORT_SLOTS } from '../../domain/schedule.ts';
import { DEFAULT_REPORT_GRACE_MINUTES } from '../../domain/overdue.ts';
import { DEFAULT_VACCINATION, type VaccinationPlan } from '../../domain/progress.ts';
import type { Db } from '../db/client.ts';

interface WardInfo {
	code: string;
	name: string;
	position: number;
	hotline: string | null;
	/** From the district file; null when it gives none (no coverage then). */
	population: number | null;
}

export interface District {
	view: DistrictView;
	/** Active wards in display order. */
	wards: WardInfo[];
	ward(code: string): WardInfo | undefined;
}

/** Writes the definition into the database: upserts wards, deactivates (never deletes) removed ones. */
export async function syncDistrict(db: Db, def: DistrictDefinition): Promise<void> {
	// Outside the write path: the operator's district file, applied at start, by no one.
	await db.transaction(async (tx) => {
		const d = {
			code: def.code,
			name: def.name,
			zoneScheme: def.zoneScheme,
			// Deprecated (overdue follows the report slots, issue 11 §7): kept in its column, never read.
			reportingIntervalMinutes: def.reportingIntervalMinutes,
			updatedAt: new Date()
		};
		// The bed target is the file's only on the first start: after that it is set at run time (issue 11 §3).
		await tx
			.insert(districts)
			.values({ id: 1, ...d, quarantineBedTarget: def.quarantineBedTarget ?? null })
			.onConflictDoUpdate({ target: districts.id, set: d });
		const codes = def.wards.map((w) => w.code);
		for (const [i, w] of def.wards.entries()) {
			const row = {
				name: w.name,
				position: i,
				reportingIntervalMinutes: w.reportingIntervalMinutes ?? def.reportingIntervalMinutes,
				hotline: w.hotline ?? null,
				population: w.population ?? null,
				dosesBefore: w.dosesBefore ?? 0,
				active: true
			};
			await tx
				.insert(wards)
				.values({ code: w.code, ...row })
				.onConflictDoUpdate({ target: wards.code, set: row });
		}
		await tx.update(wards).set({ active: false }).where(notInArray(wards.code, codes));
	});
}

/**
 * The district as every reader sees it. The alert thresholds and the report grace come from the
 * definition file (read at every start), the slots from REPORT_SLOTS: none of them is stored.
 */
export async function loadDistrict(
	db: Db,
	opts: {
		alerts?: DistrictView['alerts'];
		reportSlots?: readonly string[];
		reportGraceMinutes?: number;
		vaccination?: VaccinationPlan;
		hotline?: string | null;
	} = {}
): Promise<District> {
	const {
		alerts = DEFAULT_ALERTS,
		reportSlots = DEFAULT_REPORT_SLOTS,
		reportGraceMinutes = DEFAULT_REPORT_GRACE_MINUTES,
		vaccination = DEFAULT_VACCINATION
	} = opts;
	const [d] = await db.select().from(districts).where(eq(districts.id, 1));
	if (!d) throw new Error('the district is not loaded: syncDistrict() must run at start');
	const rows = await db.select().from(wards).where(eq(wards.active, true)).orderBy(asc(wards.position));
	const scheme = d.zoneScheme as ZoneSchemeName;
	const list: WardInfo[] = rows.map((w) => ({
		code: w.code,
		name: w.name,
		position: w.position,
		hotline: w.hotline,
		population: w.population
	}));
	const byCode = new Map(list.map((w) => [w.code, w]));
	return {
		view: {
			code: d.code,
			name: d.name,
			zoneScheme: scheme,
			zoneLevels: zoneLevels(scheme),
			alerts,
			reportSlots: [...reportSlots],
			reportGraceMinutes,
			vaccination,
			quarantineBedTarget: d.quarantineBedTarget,
			hotline: opts.hotline ?? null
		},
		wards: list,
		ward: (code) => byCode.get(code)
	};
}
