/**
 * Whether a ward is late with its report (issue 11 §7): overdue against the report schedule, not
 * after a fixed interval. The one rule for the wall's tile, the alert strip and the situation
 * report's alerts; pure (`now` is given).
 *
 * The rule. Every slot (06:00, 12:00, 18:00 Asia/Ho_Chi_Minh, or REPORT_SLOTS) has a deadline,
 * the slot plus the district's grace (`reportGraceMinutes`, default 30). A report answers the
 * first slot whose deadline is at or after the time it was made; so the report for a slot is one
 * made after the previous slot's deadline and no later than this slot's:
 *
 *     answers slot s  ⇔  previous(s) + grace  <  made  ≤  s + grace
 *
 * A ward is overdue at `now` when the latest deadline already passed (s* + grace ≤ now) has no
 * report in its window and none after it — i.e. its last report was made at or before
 * previous(s*) + grace. It stays overdue until it reports again.
 *
 * Why windows that meet at the deadlines (and not "any report since the previous slot"):
 * - every report answers exactly one slot. A report made at 18:10, late but within the grace,
 *   answers 18:00 and not also the 06:00 of the next morning; with "since the previous slot" it
 *   would answer both, and a ward reporting only at 06:10 and 18:10 would never be flagged
 *   although it misses the 12:00 slot every day;
 * - the windows cover the whole day with no gap: no report is too early to count for anything,
 *   so there is no second, arbitrary "lead" constant to configure. Overnight the window is long
 *   (18:30 → 06:30): a ward that reported at 18:00 is not overdue at 00:30 or 05:59 — nothing is
 *   due before 06:00 — and is overdue from 06:30 if it has not reported since 18:30.
 * - the grace is the operator's tolerance around each slot: a report up to `grace` after the slot
 *   is on time for it; a slot's deadline is when the wall starts to say so.
 *
 * A ward that never reported is overdue (there is no report for any slot), with no "since".
 *
 * The time a report counts at is when it was made (its entry time, issue 11 §6), like the day's
 * figures: a report typed at 05:55 offline and arriving at 07:00 answered the 06:00 slot.
 */
import { DEFAULT_REPORT_SLOTS, nextReportSlot, slotsBetween } from './schedule.ts';
import { entryTime } from './entry-time.ts';

/** Minutes after a slot a ward's report still counts as on time (the district file's default). */
export const DEFAULT_REPORT_GRACE_MINUTES = 30;

/** The schedule wards report on: slot times of day (Asia/Ho_Chi_Minh) and the grace after each. */
export interface ReportSchedule {
	slots: readonly string[];
	graceMinutes: number;
}

export const DEFAULT_REPORT_SCHEDULE: ReportSchedule = { slots: DEFAULT_REPORT_SLOTS, graceMinutes: DEFAULT_REPORT_GRACE_MINUTES };

/** The schedule of a district as readers see it (`reportSlots`, `reportGraceMinutes`). */
export function scheduleOf(district: { reportSlots: readonly string[]; reportGraceMinutes: number }): ReportSchedule {
	return { slots: district.reportSlots, graceMinutes: district.reportGraceMinutes };
}

export interface ReportDue {
	overdue: boolean;
	/** When overdue: the latest slot whose deadline has passed that the ward has not reported for. */
	dueSlot: Date | null;
	/**
	 * When overdue: when it fell overdue, the deadline (slot + grace) of the first slot it missed
	 * after its last report. Null when not overdue, or when it never reported (unknown).
	 */
	since: Date | null;
}

const NOT_OVERDUE: ReportDue = { overdue: false, dueSlot: null, since: null };

/**
 * Is a ward whose last report was made at `lastReportAt` (null: never) late at `now`?
 * See the module comment for the rule.
 */
export function reportDue(
	lastReportAt: Date | null,
	now: Date,
	slots: readonly string[] = DEFAULT_REPORT_SLOTS,
	graceMinutes: number = DEFAULT_REPORT_GRACE_MINUTES
): ReportDue {
	const grace = (Number.isFinite(graceMinutes) ? Math.max(0, graceMinutes) : DEFAULT_REPORT_GRACE_MINUTES) * 60_000;
	// The last two slots whose deadline has passed (s + grace ≤ now): every slot list has at least
	// one slot a day, so three days back always holds two.
	const cutoff = new Date(now.getTime() - grace);
	const passed = slotsBetween(new Date(cutoff.getTime() - 3 * 86_400_000), cutoff, slots);
	const dueSlot = passed.at(-1);
	const before = passed.at(-2);
	if (!dueSlot || !before) throw new Error('no report slot configured');
	if (lastReportAt === null || Number.isNaN(lastReportAt.getTime())) return { overdue: true, dueSlot, since: null };
	const windowOpens = before.getTime() + grace;
	if (lastReportAt.getTime() > windowOpens) return NOT_OVERDUE;
	// The slot the last report answered is the first whose deadline is at or after it; the one after
	// that is the first it missed (from the slots at hand when the report is recent, else walked to).
	const last = lastReportAt.getTime();
	const i = passed.findIndex((s) => s.getTime() + grace >= last);
	const firstMissed = i > 0 ? passed[i + 1]! : nextReportSlot(nextReportSlot(new Date(last - grace - 1), slots), slots);
	return { overdue: true, dueSlot, since: new Date(firstMissed.getTime() + grace) };
}

/**
 * A ward's `reportDue` from its latest case report (null: never reported), counted at the time the
 * report was made (its entry time, else its arrival): what the tile, the alerts and the API use.
 */
export function wardReportDue(
	latest: { reportedAt: string; enteredAt?: string | null } | null,
	now: Date,
	schedule: ReportSchedule = DEFAULT_REPORT_SCHEDULE
): ReportDue {
	return reportDue(latest ? new Date(entryTime(latest)) : null, now, schedule.slots, schedule.graceMinutes);
}
