import { describe, expect, it } from 'vitest';
import { computeAlerts } from '../../src/lib/presentation/alerts.ts';
import type { Blockade } from '../../src/lib/domain/blockade.ts';
import type { CheckpointView, FacilityView, LiveSnapshot, StockLevel } from '../../src/lib/contracts/live.ts';
import type { CaseReport } from '../../src/lib/domain/cases.ts';
import { buildTrend } from '../../src/lib/domain/trend.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
const facility = (occupied: number, over: Partial<FacilityView> = {}): FacilityView => ({
	code: 'qn',
	name: 'Cung thể thao Quần Ngựa',
	wardCode: 'lieu-giai',
	kind: 'Nhà thi đấu',
	address: null,
	status: 'operating',
	capacity: 100,
	occupied,
	demo: false,
	updatedAt: '2026-11-22T09:00:00.000Z',
	...over
});
const snap = (
	facilities: FacilityView[],
	reportedAt: string | null = '2026-11-22T09:30:00.000Z',
	stock: StockLevel[] = [],
	checkpoints: CheckpointView[] = [],
	reportGraceMinutes = 30
): LiveSnapshot => ({
	seq: 1,
	scope: { ward: null },
	at: now.toISOString(),
	district: {
		code: 'd',
		name: 'D',
		zoneScheme: 'three',
		zoneLevels: ['green', 'orange', 'red'],
		alerts: { occupancyWarn: 0.85, occupancyCritical: 0.95 },
		reportSlots: ['06:00', '12:00', '18:00'],
		reportGraceMinutes,
		quarantineBedTarget: null,
		vaccination: { courseDoses: 2, goal: 0.9 }
	},
	wards: [
		{
			code: 'kim-ma',
			name: 'Kim Mã',
			position: 0,
			hotline: null,
			population: null,
			latest: reportedAt ? ({ reportedAt } as CaseReport) : null,
			zoneSince: null
		}
	],
	facilities,
	trend: buildTrend([], ['kim-ma'], now, 1),
	stock,
	checkpoints,
	layouts: [],
	tasks: [],
	blockades: [],
	kiosk: null
});

describe('computeAlerts', () => {
	it('occupancy ≥ 85 % warns, ≥ 95 % is critical, below is quiet', () => {
		expect(computeAlerts(snap([facility(84)]), now)).toEqual([]);
		expect(computeAlerts(snap([facility(85)]), now).map((a) => [a.kind, a.severity])).toEqual([['occupancy', 'warning']]);
		expect(computeAlerts(snap([facility(95)]), now).map((a) => [a.id, a.severity])).toEqual([['occupancy:qn:critical', 'critical']]);
	});
	it('thresholds are configuration', () => {
		expect(computeAlerts(snap([facility(70)]), now, { occupancy: { warn: 0.7, critical: 0.9 } })).toHaveLength(1);
	});
	it('a site being prepared raises nothing', () => {
		expect(computeAlerts(snap([facility(100, { status: 'preparing' })]), now)).toEqual([]);
	});
	it('a ward that has not reported for the last slot past its grace is overdue, since that deadline', () => {
		// now = 17:00 Hanoi. 06:00 Hanoi answers the 06:00 slot: the 12:00 slot is missed from 12:30.
		const a = computeAlerts(snap([], '2026-11-21T23:00:00.000Z'), now);
		expect(a).toEqual([
			expect.objectContaining({
				id: 'report_overdue:kim-ma',
				kind: 'report_overdue',
				since: '2026-11-22T05:30:00.000Z',
				subject: 'Phường Kim Mã',
				message: { vi: 'quá hạn báo cáo kỳ 12:00', en: 'no report for the 12:00 slot' }
			})
		]);
		// 06:31 Hanoi is after 06:00 + 30 min: it answers the 12:00 slot.
		expect(computeAlerts(snap([], '2026-11-21T23:31:00.000Z'), now)).toEqual([]);
		// A report that came in at 16:30 is not overdue before 18:30, however long 18:00 is away.
		expect(computeAlerts(snap([], '2026-11-22T09:30:00.000Z'), now)).toEqual([]);
		expect(computeAlerts(snap([], null), now)[0]?.message.vi).toBe('chưa gửi báo cáo nào');
		expect(computeAlerts(snap([], null), now)[0]?.since).toBeNull();
	});
	it("the grace is the district's; a missed slot of another day is named with its date", () => {
		// 12:10 Hanoi answers 12:00 with a 30-minute grace, but not with none: then it answers 18:00.
		const at1810 = new Date('2026-11-22T11:10:00.000Z');
		expect(computeAlerts(snap([], '2026-11-22T05:10:00.000Z'), at1810)).toEqual([]);
		expect(computeAlerts(snap([], '2026-11-22T05:10:00.000Z', [], [], 0), at1810)).toEqual([]);
		expect(computeAlerts(snap([], '2026-11-22T04:50:00.000Z', [], [], 0), at1810)).toHaveLength(1);
		// 02:00 Hanoi on the 23rd, last report 12:00 on the 22nd: the 18:00 slot of the 22nd is missed.
		const late = computeAlerts(snap([], '2026-11-22T05:00:00.000Z'), new Date('2026-11-22T19:00:00.000Z'));
		expect(late[0]?.message.vi).toBe('quá hạn báo cáo kỳ 18:00 22/11/2026');
		expect(late[0]?.since).toBe('2026-11-22T11:30:00.000Z');
	});
	it('the time a report counts at is when it was made, not when it arrived', () => {
		const s = snap([], '2026-11-22T09:30:00.000Z');
		s.wards[0]!.latest = { reportedAt: '2026-11-22T09:30:00.000Z', enteredAt: '2026-11-21T23:00:00.000Z' } as CaseReport;
		expect(computeAlerts(s, now).map((a) => a.id)).toEqual(['report_overdue:kim-ma']);
	});
	it('an item under its minimum days of supply in a warehouse is a warning; nothing left is critical', () => {
		const level = (onHand: number, days: number | null, below: boolean): StockLevel => ({
			warehouseCode: 'kho-quan',
			warehouseName: 'Kho quận',
			wardCode: null,
			itemCode: 'gao',
			itemName: 'Gạo',
			unit: 'kg',
			minDays: 7,
			onHand,
			issuedLast7Days: 700,
			daysOfSupply: days,
			belowMinimum: below
		});
		expect(computeAlerts(snap([], '2026-11-22T09:30:00.000Z', [level(500, 5, true)]), now).map((a) => [a.id, a.severity])).toEqual([
			['stock:kho-quan:gao', 'warning']
		]);
		expect(computeAlerts(snap([], '2026-11-22T09:30:00.000Z', [level(0, 0, true)]), now)[0]?.severity).toBe('critical');
		expect(computeAlerts(snap([], '2026-11-22T09:30:00.000Z', [level(900, 9, false)]), now)).toEqual([]);
	});

	// 17:00 Hanoi: shift 2 (14–22) of 22/11/2026.
	const shift = '2026-11-22#2';
	const cp = (onDuty: Array<string | [string, string]>, kind = 'main_road', code = 'km-1'): CheckpointView => ({
		code,
		name: 'Chốt Kim Mã – Nguyễn Thái Học',
		wardCode: 'kim-ma',
		kind,
		leadUnit: 'Công an phường Kim Mã',
		required: kind === 'community' ? { covid_team: 2 } : { police: 2, civil_defence: 1 },
		onDuty: onDuty.map((x, id) => {
			const [force, shiftKey] = typeof x === 'string' ? [x, shift] : x;
			return { id, personName: 'x', force, shiftKey, carriedOverTo: null, checkedInAt: now.toISOString() };
		}),
		demo: false
	});
	const staffingAlerts = (...cps: CheckpointView[]) => computeAlerts(snap([], '2026-11-22T09:30:00.000Z', [], cps), now).filter((a) => a.kind === 'staffing');

	it('a staffing gap warns, naming what is short, the checkpoint and its ward by name', () => {
		const short = staffingAlerts(cp(['police', 'civil_defence']));
		expect(short.map((a) => [a.id, a.severity, a.subject, a.message.vi])).toEqual([
			['staffing:km-1', 'warning', 'Chốt Kim Mã – Nguyễn Thái Học — Phường Kim Mã', 'thiếu 1 công an']
		]);
		expect(short[0]!.subject).not.toContain('km-1');
		expect(staffingAlerts(cp(['police', 'police', 'civil_defence']))).toEqual([]);
	});

	it('a control checkpoint (border, main road, blockade) whose shift has no police present is critical', () => {
		for (const kind of ['border', 'main_road', 'blockade']) {
			const [a] = staffingAlerts(cp(['civil_defence'], kind));
			expect([a?.severity, a?.message.vi]).toEqual(['critical', 'không có công an trong ca; thiếu 2 công an']);
		}
		expect(staffingAlerts(cp([], 'border'))[0]?.severity).toBe('critical');
	});

	it('a community self-managed checkpoint is exempt: a gap there is a warning, never critical', () => {
		const [a] = staffingAlerts(cp([], 'community'));
		expect([a?.severity, a?.message.vi]).toEqual(['warning', 'thiếu 2 tổ COVID cộng đồng']);
		expect(staffingAlerts(cp(['covid_team', 'covid_team'], 'community'))).toEqual([]);
	});

	it('a check-in of the shift that ended no longer counts: its police officer leaves the checkpoint without police', () => {
		const [a] = staffingAlerts(cp([['police', '2026-11-22#1'], ['police', '2026-11-22#1'], 'civil_defence']));
		expect(a?.severity).toBe('critical');
		expect(a?.message.vi).toBe('không có công an trong ca; thiếu 2 công an (2 người chưa kết thúc ca trước)');
		// Carried over into the running shift by its leader: counts again.
		const carried = cp([['police', '2026-11-22#1'], 'police', 'civil_defence']);
		carried.onDuty[0]!.carriedOverTo = shift;
		expect(staffingAlerts(carried)).toEqual([]);
	});

	it('newest first', () => {
		const a = computeAlerts(snap([facility(99, { updatedAt: '2026-11-22T09:50:00.000Z' })], '2026-11-21T23:00:00.000Z'), now);
		expect(a.map((x) => x.kind)).toEqual(['occupancy', 'report_overdue']);
	});
});

describe('overdue tasks', () => {
	it('one warning per ward with tasks past their deadline, since the earliest; none for tasks due later, done or without a deadline', () => {
		const now = new Date('2026-11-22T10:00:00.000Z'); // 17:00 Hanoi
		const s: LiveSnapshot = {
			...snap([]),
			tasks: [
				{ wardCode: 'kim-ma', deadline: '2026-11-21' },
				{ wardCode: 'kim-ma', deadline: '2026-11-22T16:00' },
				{ wardCode: 'kim-ma', deadline: '2026-11-22T18:00' },
				{ wardCode: 'kim-ma', deadline: null },
				// done: the live list carries finished tasks too, never overdue
				{ wardCode: 'kim-ma', deadline: '2026-11-20', done: true },
				{ wardCode: null, deadline: '2026-11-20' },
				{ wardCode: 'elsewhere', deadline: '2026-11-20' }
			]
		};
		const found = computeAlerts(s, now).filter((a) => a.kind === 'tasks_overdue');
		expect(found.map((a) => [a.id, a.message.vi, a.since])).toEqual([
			['tasks_overdue:kim-ma', '2 nhiệm vụ quá hạn', new Date('2026-11-21T23:59:59.999+07:00').toISOString()],
			['tasks_overdue:district', '1 nhiệm vụ quá hạn', new Date('2026-11-20T23:59:59.999+07:00').toISOString()]
		]);
	});

	it("new F0 in the community today is a warning since the report that said so; yesterday's, or none, raise nothing", () => {
		const now = new Date('2026-11-22T10:00:00.000Z');
		const withReport = (f0NewCommunity: number, enteredAt: string): LiveSnapshot => {
			const base = snap([]);
			return { ...base, wards: [{ ...base.wards[0]!, latest: { reportedAt: enteredAt, enteredAt, f0NewCommunity } as CaseReport }] };
		};
		const found = (s: LiveSnapshot) => computeAlerts(s, now).filter((a) => a.kind === 'community_f0');
		expect(found(withReport(3, '2026-11-22T08:00:00.000Z')).map((a) => [a.subject, a.message.vi, a.since])).toEqual([
			['Phường Kim Mã', '3 F0 mới ngoài cộng đồng hôm nay', '2026-11-22T08:00:00.000Z']
		]);
		expect(found(withReport(0, '2026-11-22T08:00:00.000Z'))).toEqual([]);
		expect(found(withReport(3, '2026-11-21T08:00:00.000Z'))).toEqual([]);
	});

	it('a ward whose zone got worse is critical for a day after the change; better, first or older changes are not', () => {
		const withZone = (from: string | null, to: string, since: string) => {
			const base = snap([]);
			return { ...base, wards: [{ ...base.wards[0]!, zoneFrom: from, zoneSince: since, latest: { reportedAt: since, zone: to } as CaseReport }] };
		};
		const found = (s: LiveSnapshot) => computeAlerts(s, now).filter((a) => a.kind === 'zone_worse');
		expect(found(withZone('orange', 'red', '2026-11-22T02:00:00.000Z')).map((a) => [a.severity, a.subject, a.message.vi, a.since])).toEqual([
			['critical', 'Phường Kim Mã', 'chuyển vùng xấu đi: Da cam → Đỏ', '2026-11-22T02:00:00.000Z']
		]);
		expect(found(withZone('red', 'orange', '2026-11-22T02:00:00.000Z'))).toEqual([]);
		expect(found(withZone(null, 'red', '2026-11-22T02:00:00.000Z'))).toEqual([]);
		expect(found(withZone('orange', 'red', '2026-11-21T09:00:00.000Z'))).toEqual([]);
		// A snapshot from before zoneFrom: no alert, no failure.
		const base = snap([]);
		expect(found(base)).toEqual([]);
	});

	it('a blockade whose zone got worse is critical too, named with its ward', () => {
		const base = snap([]);
		const b = {
			id: 3,
			wardCode: 'kim-ma',
			name: 'Ngõ 12',
			address: null,
			zone: 'red',
			zoneFrom: 'orange',
			zoneSince: '2026-11-22T08:00:00.000Z',
			startedAt: '2026-11-17T01:00:00.000Z',
			people: 10,
			households: 3,
			rounds: [],
			liftedAt: null,
			liftedBy: null,
			liftReference: null,
			liftNote: null,
			createdBy: 'x',
			updatedAt: '2026-11-22T08:00:00.000Z'
		} satisfies Blockade;
		const found = computeAlerts({ ...base, blockades: [b] }, now).filter((a) => a.kind === 'zone_worse');
		expect(found.map((a) => [a.subject, a.message.vi])).toEqual([['Ngõ 12 — Phường Kim Mã', 'khu phong tỏa chuyển vùng xấu đi: Da cam → Đỏ']]);
	});

	it('F1 still waiting to be moved after the district’s limit (1 day unless it says otherwise) is a warning', () => {
		const base = snap([]);
		const withTraced = (day: string, traced: number, moved: number, days?: number) => {
			const report = {
				id: 1,
				wardCode: 'kim-ma',
				reportedAt: `${day}T03:00:00.000Z`,
				f0NewCommunity: 0,
				f0NewQuarantine: 0,
				samplesTested: 0,
				positives: 0,
				vaccineDoses: 0,
				f1Traced: traced
			};
			const moves = moved ? [{ wardCode: 'kim-ma', kind: 'admission' as const, personKind: 'f1' as const, amount: moved, madeAt: `${day}T05:00:00.000Z` }] : [];
			return {
				...base,
				district: { ...base.district, alerts: { ...base.district.alerts, f1WaitingDays: days } },
				trend: buildTrend([report], ['kim-ma'], now, 14, {}, moves)
			};
		};
		const found = (s: LiveSnapshot) => computeAlerts(s, now).filter((a) => a.kind === 'f1_waiting');
		expect(found(withTraced('2026-11-21', 12, 4)).map((a) => [a.subject, a.message.vi, a.since])).toEqual([
			['Phường Kim Mã', '8 F1 chờ chuyển cách ly (truy vết từ 21/11)', new Date('2026-11-22T00:00:00+07:00').toISOString()]
		]);
		expect(found(withTraced('2026-11-21', 12, 12))).toEqual([]);
		expect(found(withTraced('2026-11-22', 12, 0))).toEqual([]);
		expect(found(withTraced('2026-11-21', 12, 0, 2))).toEqual([]);
	});

	it('a blockade whose next testing round is overdue (every 3 days unless the district says otherwise) is a warning', () => {
		const now = new Date('2026-11-22T10:00:00.000Z'); // 22/11 in Hà Nội
		const blockade = (over: Partial<Blockade>): Blockade => ({
			id: 7,
			wardCode: 'kim-ma',
			name: 'Ngõ 12',
			address: null,
			zone: 'red',
			startedAt: '2026-11-17T01:00:00.000Z',
			people: 10,
			households: 3,
			rounds: [],
			liftedAt: null,
			liftedBy: null,
			liftReference: null,
			liftNote: null,
			createdBy: 'x',
			updatedAt: '2026-11-17T01:00:00.000Z',
			...over
		});
		const round = (n: number, of: number, date: string) => ({
			round: n,
			of,
			date,
			samples: 10,
			positives: 0,
			recordedBy: 'x',
			recordedAt: `${date}T03:00:00.000Z`
		});
		const found = (b: Blockade, days?: number) => {
			const base = snap([]);
			return computeAlerts(
				{ ...base, district: { ...base.district, alerts: { ...base.district.alerts, blockadeRoundDays: days } }, blockades: [b] },
				now
			).filter((a) => a.kind === 'blockade_round');
		};
		// Round 1 on 18/11: round 2 was due on 21/11, overdue since 22/11.
		expect(found(blockade({ rounds: [round(1, 3, '2026-11-18')] })).map((a) => [a.subject, a.message.vi, a.since])).toEqual([
			['Ngõ 12 — Phường Kim Mã', 'quá hạn xét nghiệm lần 2 (mốc trước 18/11)', new Date('2026-11-22T00:00:00+07:00').toISOString()]
		]);
		expect(found(blockade({ rounds: [round(1, 3, '2026-11-19')] }))).toEqual([]);
		expect(found(blockade({ rounds: [round(1, 3, '2026-11-18')] }), 5)).toEqual([]);
		// Never tested: counted from its first day (17/11).
		expect(found(blockade({}))).toHaveLength(1);
		// The plan is complete, or the blockade is lifted: nothing is due.
		expect(found(blockade({ rounds: [round(3, 3, '2026-11-18')] }))).toEqual([]);
		expect(found(blockade({ liftedAt: '2026-11-21T00:00:00.000Z' }))).toEqual([]);
	});
});
