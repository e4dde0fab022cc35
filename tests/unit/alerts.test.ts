import { describe, expect, it } from 'vitest';
import { computeAlerts } from '../../src/lib/domain/alerts.ts';
import type { CheckpointView, FacilityView, LiveSnapshot, StockLevel } from '../../src/lib/contracts/live.ts';
import type { CaseReport } from '../../src/lib/domain/cases.ts';

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
const snap = (facilities: FacilityView[], reportedAt: string | null = '2026-11-22T09:30:00.000Z', stock: StockLevel[] = [], checkpoints: CheckpointView[] = []): LiveSnapshot => ({
	seq: 1,
	scope: { ward: null },
	at: now.toISOString(),
	district: { code: 'd', name: 'D', zoneScheme: 'three', zoneLevels: ['green', 'orange', 'red'], alerts: { occupancyWarn: 0.85, occupancyCritical: 0.95 }, reportSlots: ['06:00', '12:00', '18:00'], quarantineBedTarget: null },
	wards: [
		{
			code: 'kim-ma',
			name: 'Kim Mã',
			position: 0,
			reportingIntervalMinutes: 60,
			hotline: null,
			latest: reportedAt ? ({ reportedAt } as CaseReport) : null
		}
	],
	facilities,
	trend: { days: ['2026-11-22'], wards: { 'kim-ma': [null] }, district: [0] },
	stock,
	checkpoints,
	layouts: [],
	tasks: [],
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
	it('a ward that has not reported within its interval is overdue since the deadline', () => {
		const a = computeAlerts(snap([], '2026-11-22T08:30:00.000Z'), now);
		expect(a).toEqual([
			expect.objectContaining({ id: 'report_overdue:kim-ma', since: '2026-11-22T09:30:00.000Z', subject: 'Phường Kim Mã' })
		]);
		expect(computeAlerts(snap([], '2026-11-22T09:01:00.000Z'), now)).toEqual([]);
		expect(computeAlerts(snap([], null), now)[0]?.message.vi).toBe('chưa gửi báo cáo nào');
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

	it('a staffing gap warns, naming what is short; no police at all is critical', () => {
		const cp = (onDuty: string[]): CheckpointView => ({
			code: 'km-1',
			name: 'Chốt Kim Mã – Nguyễn Thái Học',
			wardCode: 'kim-ma',
			kind: 'main_road',
			leadUnit: 'Công an phường Kim Mã',
			required: { police: 2, civil_defence: 1 },
			onDuty: onDuty.map((force, id) => ({ id, personName: 'x', force, shiftKey: 's', checkedInAt: now.toISOString() })),
			demo: false
		});
		const short = computeAlerts(snap([], '2026-11-22T09:30:00.000Z', [], [cp(['police', 'civil_defence'])]), now);
		expect(short.map((a) => [a.id, a.severity, a.message.vi])).toEqual([['staffing:km-1', 'warning', 'thiếu 1 công an']]);
		expect(computeAlerts(snap([], '2026-11-22T09:30:00.000Z', [], [cp(['civil_defence'])]), now)[0]?.severity).toBe('critical');
		expect(computeAlerts(snap([], '2026-11-22T09:30:00.000Z', [], [cp(['police', 'police', 'civil_defence'])]), now)).toEqual([]);
	});

	it('newest first', () => {
		const a = computeAlerts(snap([facility(99, { updatedAt: '2026-11-22T09:50:00.000Z' })], '2026-11-22T07:00:00.000Z'), now);
		expect(a.map((x) => x.kind)).toEqual(['occupancy', 'report_overdue']);
	});
});

describe('overdue tasks', () => {
	it('one warning per ward with tasks past their deadline, since the earliest; none for tasks due later or without a deadline', () => {
		const now = new Date('2026-11-22T10:00:00.000Z'); // 17:00 Hanoi
		const s: LiveSnapshot = {
			...snap([]),
			tasks: [
				{ wardCode: 'kim-ma', deadline: '2026-11-21' },
				{ wardCode: 'kim-ma', deadline: '2026-11-22T16:00' },
				{ wardCode: 'kim-ma', deadline: '2026-11-22T18:00' },
				{ wardCode: 'kim-ma', deadline: null },
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
});
