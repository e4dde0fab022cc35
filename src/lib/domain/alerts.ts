/**
 * What is wrong now, for the wall's alert strip: pure rules over the live snapshot. Each alert
 * has a stable id (so the wall keeps its "since"), a severity, a subject and when it started.
 */
import type { LiveSnapshot } from './live.ts';
import { DEFAULT_OCCUPANCY_THRESHOLDS, occupancyLevel, occupancyRate, type OccupancyThresholds } from './quarantine.ts';
import { checkpointStaffing, type Force } from './checkpoint.ts';
import { dayKey, formatDateTime, formatDayMonth, formatDecimal, formatTime } from './time.ts';
import { deadlineInstant, taskTiming } from './tasks.ts';
import { scheduleOf, wardReportDue } from './overdue.ts';
import { isFromToday } from './cases.ts';
import { roundOverdue } from './blockade.ts';
import { entryTime } from './entry-time.ts';
import { zoneDirection, type ZoneSchemeName } from './zones.ts';
import { f1WaitingOverdue, flowOf } from './f1-flow.ts';

type Severity = 'critical' | 'warning';

export interface Alert {
	id: string;
	kind: 'occupancy' | 'report_overdue' | 'stock' | 'staffing' | 'tasks_overdue' | 'community_f0' | 'blockade_round' | 'zone_worse' | 'f1_waiting';
	severity: Severity;
	wardCode: string | null;
	/** What it is about, e.g. a facility's or a ward's name. */
	subject: string;
	message: { vi: string; en: string };
	/** ISO instant the condition started (as best the data tells); null when unknown (a ward that never reported). */
	since: string | null;
}

export interface AlertThresholds {
	occupancy: OccupancyThresholds;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = { occupancy: DEFAULT_OCCUPANCY_THRESHOLDS };

/** The names an alert's sentence needs that are not the domain's to word: the forces (i18n/labels). */
export interface AlertWords {
	forces: Record<Force, { vi: string; en: string }>;
	/** Short zone names per scheme ("Da cam"), for "got worse: Da cam → Đỏ". */
	zones: Record<ZoneSchemeName, Record<string, { vi: string; en: string }>>;
}

/** How long a zone that got worse stays an alert after the change: long enough for every shift to see it. */
const ZONE_WORSE_ALERT_HOURS = 24;

/** "Tổ COVID cộng đồng" → "tổ COVID cộng đồng": mid-sentence, the rest of a proper name keeps its capitals. */
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The alerts at `now`; `words` names the forces (presentation/alerts binds i18n's). */
export function alertsOf(snapshot: LiveSnapshot, now: Date, words: AlertWords, t: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): Alert[] {
	const alerts: Alert[] = [];
	for (const f of snapshot.facilities) {
		if (f.status === 'preparing' || f.status === 'closed') continue;
		const level = occupancyLevel(f, t.occupancy);
		if (level === 'normal') continue;
		const pct = Math.round(occupancyRate(f) * 100);
		// A converted facility's beds are F0-treatment beds: its alert says so, it is not "quarantine full".
		const f0 = f.status === 'treating_f0';
		alerts.push({
			id: `occupancy:${f.code}:${level}`,
			kind: 'occupancy',
			severity: level === 'critical' ? 'critical' : 'warning',
			wardCode: f.wardCode,
			subject: f.name,
			message: {
				vi: `${pct}% giường ${f0 ? 'điều trị F0' : 'cách ly'} đã dùng (${f.occupied}/${f.capacity})`,
				en: `${pct}% of ${f0 ? 'F0-treatment' : 'quarantine'} beds in use (${f.occupied}/${f.capacity})`
			},
			// The facility's last change is when it reached this level (or later, never earlier).
			since: f.updatedAt
		});
	}
	for (const l of snapshot.stock) {
		if (!l.belowMinimum) continue;
		alerts.push({
			id: `stock:${l.warehouseCode}:${l.itemCode}`,
			kind: 'stock',
			severity: l.onHand <= 0 ? 'critical' : 'warning',
			wardCode: l.wardCode,
			subject: `${l.itemName} — ${l.warehouseName}`,
			message:
				l.onHand <= 0
					? { vi: 'đã hết', en: 'none left' }
					: {
							vi: `còn ${l.daysOfSupply === null ? '?' : formatDecimal(l.daysOfSupply)} ngày (tối thiểu ${l.minDays})`,
							en: `${l.daysOfSupply ?? '?'} days left (minimum ${l.minDays})`
						},
			// When it crossed the line is not in the snapshot: unknown rather than invented.
			since: null
		});
	}
	const wardNames = new Map(snapshot.wards.map((w) => [w.code, w.name]));
	for (const c of snapshot.checkpoints) {
		// Only the running shift's check-ins count: one left open from an ended shift is no one here.
		const s = checkpointStaffing(c, now);
		if (s.gap === 0 && !s.noPolice) continue;
		const missing = s.forces.filter((f) => f.gap > 0);
		const vi = missing.map((f) => `${f.gap} ${lowerFirst(words.forces[f.force].vi)}`);
		const en = missing.map((f) => `${f.gap} ${lowerFirst(words.forces[f.force].en)}`);
		const ward = wardNames.get(c.wardCode);
		alerts.push({
			id: `staffing:${c.code}`,
			kind: 'staffing',
			// Police are the core force at a control checkpoint: a shift with none present is critical.
			// A community self-managed checkpoint is exempt: its gaps are warnings.
			severity: s.noPolice ? 'critical' : 'warning',
			wardCode: c.wardCode,
			// Names, never codes: the checkpoint and its ward.
			subject: ward ? `${c.name} — Phường ${ward}` : c.name,
			message: {
				vi: `${s.noPolice ? 'không có công an trong ca; ' : ''}thiếu ${vi.join(', ')}${s.notEnded ? ` (${s.notEnded} người chưa kết thúc ca trước)` : ''}`,
				en: `${s.noPolice ? 'no police on this shift; ' : ''}short of ${en.join(', ')}${s.notEnded ? ` (${s.notEnded} not ended from the previous shift)` : ''}`
			},
			since: null
		});
	}
	// Wards late against the report schedule (lib/domain/overdue.ts): since the deadline of the
	// first slot they missed.
	for (const w of snapshot.wards) {
		const due = wardReportDue(w.latest, now, scheduleOf(snapshot.district));
		if (!due.overdue || !due.dueSlot) continue;
		const slot = dayKey(due.dueSlot) === dayKey(now) ? formatTime(due.dueSlot) : formatDateTime(due.dueSlot);
		alerts.push({
			id: `report_overdue:${w.code}`,
			kind: 'report_overdue',
			severity: 'warning',
			wardCode: w.code,
			subject: `Phường ${w.name}`,
			message:
				w.latest === null
					? { vi: 'chưa gửi báo cáo nào', en: 'has never reported' }
					: { vi: `quá hạn báo cáo kỳ ${slot}`, en: `no report for the ${slot} slot` },
			since: due.since?.toISOString() ?? null
		});
	}
	// New F0 found in the community today (issue 13 §5): the figure that says the epidemic is
	// spreading outside the quarantine, since the report that said so.
	for (const w of snapshot.wards) {
		const r = w.latest;
		if (!r || !(r.f0NewCommunity > 0) || !isFromToday(r, now)) continue;
		alerts.push({
			id: `community_f0:${w.code}`,
			kind: 'community_f0',
			severity: 'warning',
			wardCode: w.code,
			subject: `Phường ${w.name}`,
			message: { vi: `${r.f0NewCommunity} F0 mới ngoài cộng đồng hôm nay`, en: `${r.f0NewCommunity} new F0 in the community today` },
			since: entryTime(r)
		});
	}
	// A ward or a blockade whose zone got worse (issue 13 §5), for a day after the change.
	const scheme = snapshot.district.zoneScheme;
	const zoneName = (z: string | null | undefined) => (z ? (words.zones[scheme]?.[z] ?? { vi: z, en: z }) : { vi: '—', en: '—' });
	const worse = (from: string | null | undefined, to: string | null, since: string | null | undefined) =>
		!!since && !!from && !!to && zoneDirection(scheme, from, to) === 'worse' && now.getTime() - new Date(since).getTime() < ZONE_WORSE_ALERT_HOURS * 3_600_000;
	for (const w of snapshot.wards) {
		const to = w.latest?.zone ?? null;
		if (!worse(w.zoneFrom, to, w.zoneSince)) continue;
		const [a, b] = [zoneName(w.zoneFrom), zoneName(to)];
		alerts.push({
			id: `zone_worse:ward:${w.code}`,
			kind: 'zone_worse',
			severity: 'critical',
			wardCode: w.code,
			subject: `Phường ${w.name}`,
			message: { vi: `chuyển vùng xấu đi: ${a.vi} → ${b.vi}`, en: `zone got worse: ${a.en} → ${b.en}` },
			since: w.zoneSince ?? null
		});
	}
	for (const b of snapshot.blockades ?? []) {
		if (!worse(b.zoneFrom, b.zone, b.zoneSince)) continue;
		const [x, y] = [zoneName(b.zoneFrom), zoneName(b.zone)];
		const ward = wardNames.get(b.wardCode);
		alerts.push({
			id: `zone_worse:blockade:${b.id}`,
			kind: 'zone_worse',
			severity: 'critical',
			wardCode: b.wardCode,
			subject: ward ? `${b.name} — Phường ${ward}` : b.name,
			message: { vi: `khu phong tỏa chuyển vùng xấu đi: ${x.vi} → ${y.vi}`, en: `blockade zone got worse: ${x.en} → ${y.en}` },
			since: b.zoneSince ?? null
		});
	}
	// F1 traced and still not moved to quarantine after the district's limit (issue 13 §4–5).
	const flow = snapshot.trend.flow
		? flowOf(
				snapshot.trend,
				snapshot.wards.map((w) => w.code),
				now
			)
		: null;
	for (const f of flow?.wards ?? []) {
		const since = f1WaitingOverdue(f.waitingSince, now, snapshot.district.alerts.f1WaitingDays);
		if (!since || f.waiting <= 0) continue;
		const name = wardNames.get(f.code) ?? f.code;
		const day = formatDayMonth(f.waitingSince!);
		alerts.push({
			id: `f1_waiting:${f.code}`,
			kind: 'f1_waiting',
			severity: 'warning',
			wardCode: f.code,
			subject: `Phường ${name}`,
			message: { vi: `${f.waiting} F1 chờ chuyển cách ly (truy vết từ ${day})`, en: `${f.waiting} F1 waiting to be moved (traced since ${day})` },
			since: since.toISOString()
		});
	}
	// A blockade whose next testing round is overdue (issue 13 §5).
	for (const b of snapshot.blockades ?? []) {
		const o = roundOverdue(b, now, snapshot.district.alerts.blockadeRoundDays);
		if (!o) continue;
		const ward = wardNames.get(b.wardCode);
		const last = formatDayMonth(o.lastDay);
		alerts.push({
			id: `blockade_round:${b.id}`,
			kind: 'blockade_round',
			severity: 'warning',
			wardCode: b.wardCode,
			subject: ward ? `${b.name} — Phường ${ward}` : b.name,
			message: { vi: `quá hạn xét nghiệm lần ${o.next} (mốc trước ${last})`, en: `testing round ${o.next} is overdue (last ${last})` },
			since: o.since.toISOString()
		});
	}
	// Tasks past their deadline, per ward (district-wide ones under the district): since the
	// earliest deadline that passed. A done task (the live list carries them too) is never overdue.
	const overdue = new Map<string | null, { n: number; since: number }>();
	for (const t of snapshot.tasks ?? []) {
		if (t.done) continue;
		const due = deadlineInstant(t.deadline);
		if (!due || taskTiming(t.deadline, now) !== 'overdue') continue;
		const at = due.getTime();
		const o = overdue.get(t.wardCode) ?? { n: 0, since: at };
		overdue.set(t.wardCode, { n: o.n + 1, since: Math.min(o.since, at) });
	}
	for (const [wardCode, o] of overdue) {
		const ward = wardCode ? snapshot.wards.find((w) => w.code === wardCode) : null;
		if (wardCode && !ward) continue; // a ward this reader does not see
		alerts.push({
			id: `tasks_overdue:${wardCode ?? 'district'}`,
			kind: 'tasks_overdue',
			severity: 'warning',
			wardCode,
			subject: ward ? `Phường ${ward.name}` : snapshot.district.name,
			message: { vi: `${o.n} nhiệm vụ quá hạn`, en: `${o.n} overdue task${o.n === 1 ? '' : 's'}` },
			since: new Date(o.since).toISOString()
		});
	}
	// Newest first; critical before warning when they started together.
	return alerts.sort((a, b) => (b.since ?? '').localeCompare(a.since ?? '') || (a.severity === 'critical' ? -1 : 1));
}
