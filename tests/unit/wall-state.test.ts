/**
 * The wall page's state class decides what the wall shows (issue 12 §6): totals, tasks, alerts,
 * the next report, the ward grid — read here from a snapshot, with no socket and no page.
 */
import { describe, expect, it } from 'vitest';
import { WallState } from '../../src/lib/state/wall.svelte.ts';
import type { LiveSnapshot } from '../../src/lib/contracts/live.ts';
import type { CaseReport } from '../../src/lib/domain/cases.ts';

const report = (wardCode: string, f0Active: number, zone: string, reportedAt: string): CaseReport =>
	({
		id: 1,
		wardCode,
		f0Active,
		zone,
		reportedAt,
		enteredAt: null,
		f0NewCommunity: 2,
		f0NewQuarantine: 1,
		f1Traced: 0,
		f1Quarantined: 10,
		f2: 0,
		samplesTested: 0,
		positives: 0,
		vaccineDoses: 0,
		note: null,
		reportedBy: 'x',
		source: 'form'
	}) as unknown as CaseReport;

function snapshot(now: Date): LiveSnapshot {
	const wards = Array.from({ length: 14 }, (_, i) => ({
		code: `w${i}`,
		name: `W${i}`,
		position: i,
		hotline: null,
		latest: i < 2 ? report(`w${i}`, 5 + i, i === 0 ? 'red' : 'orange', now.toISOString()) : null
	}));
	return {
		seq: 1,
		scope: { ward: null },
		at: now.toISOString(),
		district: {
			code: 'd',
			name: 'D',
			zoneScheme: 'three',
			zoneLevels: ['green', 'orange', 'red'],
			alerts: { occupancyWarn: 0.8, occupancyCritical: 0.9 },
			reportSlots: ['06:00', '12:00', '18:00'],
			reportGraceMinutes: 30,
			quarantineBedTarget: null
		},
		wards,
		facilities: [
			{
				code: 'f',
				name: 'F',
				wardCode: null,
				kind: 'x',
				address: null,
				status: 'operating',
				capacity: 100,
				occupied: 85,
				demo: false,
				updatedAt: now.toISOString()
			}
		],
		trend: { days: [], wards: {}, district: [] },
		stock: [],
		checkpoints: [],
		layouts: [],
		tasks: [{ wardCode: 'w0', deadline: '2000-01-01' }],
		kiosk: null
	} as unknown as LiveSnapshot;
}

describe('WallState: what the wall shows, decided by the state class', () => {
	it('totals, tasks, thresholds, alerts, the next report and the grid follow the snapshot', () => {
		const now = new Date();
		const wall = new WallState(snapshot(now), { layout: null, views: null, pin: null } as never);
		expect(wall.totals.f0Active).toBe(5 + 6);
		expect(wall.tasks.total.overdue).toBe(1);
		expect(wall.tasks.byWard.w0?.overdue).toBe(1);
		// The operator's thresholds, not the defaults: 85 % is a warning at 80 %.
		expect(wall.thresholds).toEqual({ warn: 0.8, critical: 0.9 });
		expect(wall.alerts.some((a) => a.kind === 'occupancy' && a.severity === 'warning')).toBe(true);
		expect(wall.nextReport.getTime()).toBeGreaterThan(now.getTime() - 1000);
		expect(wall.grid).toEqual({ cols: 5, rows: 3 });
	});
});
