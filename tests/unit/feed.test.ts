import { describe, expect, it } from 'vitest';
import { LiveFeed, applyEvent, classifyArrival } from '../../src/lib/domain/feed.ts';
import type { LiveEvent, LiveSnapshot } from '../../src/lib/contracts/live.ts';
import type { CaseReport } from '../../src/lib/domain/cases.ts';
import { buildTrend } from '../../src/lib/domain/trend.ts';
import { NO_WELFARE } from '../../src/lib/domain/welfare.ts';

function snapshot(seq: number, ward: string | null = null): LiveSnapshot {
	return {
		seq,
		scope: { ward },
		at: '2026-11-22T00:00:00.000Z',
		district: {
			code: 'd',
			name: 'D',
			zoneScheme: 'three',
			zoneLevels: ['green', 'orange', 'red'],
			alerts: { occupancyWarn: 0.85, occupancyCritical: 0.95 },
			reportSlots: ['06:00', '12:00', '18:00'],
			reportGraceMinutes: 30,
			quarantineBedTarget: null,
			vaccination: { courseDoses: 2, goal: 0.9 }
		},
		wards: [
			{ code: 'a', name: 'A', position: 0, hotline: null, population: null, latest: null, zoneSince: null },
			{ code: 'b', name: 'B', position: 1, hotline: null, population: null, latest: null, zoneSince: null }
		],
		facilities: [],
		trend: buildTrend([], ['a', 'b'], new Date('2026-11-22T00:00:00.000Z'), 1),
		stock: [],
		checkpoints: [],
		layouts: [],
		tasks: [],
		blockades: [],
		kiosk: null
	};
}

function event(seq: number, wardCode = 'a', f0Active = seq, wardPrevSeq: number | null = null): LiveEvent {
	const report = {
		id: seq,
		wardCode,
		f0Active,
		zone: 'red',
		reportedAt: '2026-11-22T00:00:00.000Z',
		f0NewCommunity: 1,
		f0NewQuarantine: 0
	} as unknown as CaseReport;
	return { type: 'cases:reported', seq, wardPrevSeq, at: '2026-11-22T00:00:00.000Z', wardCode, report };
}

const active = (f: LiveFeed, code: string) => f.snapshot?.wards.find((w) => w.code === code)?.latest?.f0Active;

describe('classifyArrival', () => {
	it('applies the next seq, ignores old ones and flags gaps', () => {
		expect(classifyArrival(4, 5)).toBe('apply');
		expect(classifyArrival(4, 4)).toBe('duplicate');
		expect(classifyArrival(4, 2)).toBe('duplicate');
		expect(classifyArrival(4, 6)).toBe('gap');
		expect(classifyArrival(null, 1)).toBe('gap');
	});
});

describe('LiveFeed', () => {
	it('applies events in order to the right ward', () => {
		const f = new LiveFeed(snapshot(10));
		f.onEvent(event(11, 'a', 7));
		f.onEvent(event(12, 'b', 9));
		expect(f.seq).toBe(12);
		expect(active(f, 'a')).toBe(7);
		expect(active(f, 'b')).toBe(9);
		expect(f.needsResume()).toBe(false);
	});

	it('asks to resume on a gap and does not apply the event past it', () => {
		const f = new LiveFeed(snapshot(10));
		f.onEvent(event(12));
		expect(f.needsResume()).toBe(true);
		expect(f.seq).toBe(10);
	});

	it('ignores duplicates (e.g. an event also contained in a resume reply)', () => {
		const f = new LiveFeed(snapshot(10));
		f.onEvent(event(11, 'a', 1));
		f.onEvent(event(11, 'a', 99));
		expect(active(f, 'a')).toBe(1);
		expect(f.needsResume()).toBe(false);
	});

	it('holds events that arrive during a resume and replays them after the reply', () => {
		const f = new LiveFeed(snapshot(10));
		f.beginResume();
		f.onEvent(event(13, 'a', 13));
		f.onEvent(event(12, 'b', 12));
		expect(f.seq).toBe(10);
		f.onEvents([event(11, 'a', 11), event(12, 'b', 12)]);
		expect(f.seq).toBe(13);
		expect(active(f, 'a')).toBe(13);
		expect(f.needsResume()).toBe(false);
	});

	it('replays resume events even across holes in seq (rolled-back sequence values)', () => {
		const f = new LiveFeed(snapshot(10));
		f.beginResume();
		f.onEvents([event(12, 'a', 12), event(14, 'b', 14)]);
		expect(f.seq).toBe(14);
		f.onEvent(event(15, 'a', 15));
		expect(f.seq).toBe(15);
	});

	it('a snapshot replaces everything and held events newer than it still apply', () => {
		const f = new LiveFeed(null);
		f.beginResume();
		f.onEvent(event(21, 'b', 21));
		f.onSnapshot(snapshot(20));
		expect(f.seq).toBe(21);
		expect(active(f, 'b')).toBe(21);
	});

	it('keeps the 14-day trend current from events', () => {
		const f = new LiveFeed(snapshot(10));
		f.onEvent(event(11, 'a', 5));
		expect(f.snapshot?.trend.wards.a).toEqual([1]);
		expect(f.snapshot?.trend.district).toEqual([1]);
	});

	it("a ward-limited reader follows its ward's links, not the global seq", () => {
		const f = new LiveFeed(snapshot(10, 'a'));
		f.onEvent(event(15, 'a', 15, 7)); // previous ward event 7 ≤ 10: nothing missed
		expect(f.seq).toBe(15);
		f.onEvent(event(21, 'a', 21, 15));
		expect(f.seq).toBe(21);
		expect(f.needsResume()).toBe(false);
		f.onEvent(event(30, 'a', 30, 25)); // ward event 25 never arrived
		expect(f.needsResume()).toBe(true);
		expect(f.seq).toBe(21);
	});

	it('without a snapshot any event means it must resume', () => {
		const f = new LiveFeed(null);
		f.onEvent(event(1));
		expect(f.needsResume()).toBe(true);
	});

	it('a failed resume asks again', () => {
		const f = new LiveFeed(snapshot(1));
		f.beginResume();
		expect(f.needsResume()).toBe(false);
		f.failResume();
		expect(f.needsResume()).toBe(true);
	});
});

describe('applyEvent: wall layouts', () => {
	const layout = (slug: string, title = slug) => ({
		slug,
		title,
		views: [{ view: 'stock' as const, seconds: 10 }],
		pin: null,
		createdBy: 'admin',
		updatedAt: '2026-11-22T00:00:00.000Z'
	});
	const base = () => ({ ...snapshot(1), layouts: [layout('b'), layout('d')], kiosk: { id: 'k1', layoutSlug: 'b' } });
	const at = '2026-11-22T00:00:00.000Z';

	it('a created or edited layout replaces its slug, a deleted one leaves', () => {
		const added = applyEvent(base(), { type: 'layouts:changed', seq: 2, wardPrevSeq: null, at, wardCode: null, slug: 'c', layout: layout('c') });
		expect(added.layouts.map((l) => l.slug)).toEqual(['b', 'c', 'd']);
		const edited = applyEvent(added, { type: 'layouts:changed', seq: 3, wardPrevSeq: null, at, wardCode: null, slug: 'b', layout: layout('b', 'Mới') });
		expect(edited.layouts.find((l) => l.slug === 'b')?.title).toBe('Mới');
		expect(edited.layouts).toHaveLength(3);
		const deleted = applyEvent(edited, { type: 'layouts:changed', seq: 4, wardPrevSeq: null, at, wardCode: null, slug: 'd', layout: null });
		expect(deleted.layouts.map((l) => l.slug)).toEqual(['b', 'c']);
		expect(deleted.seq).toBe(4);
	});

	it('a kiosk layout change is taken only by the kiosk it names', () => {
		const other = applyEvent(base(), { type: 'kiosks:layout-changed', seq: 2, wardPrevSeq: null, at, wardCode: null, kioskId: 'k2', layoutSlug: 'd' });
		expect(other.kiosk).toEqual({ id: 'k1', layoutSlug: 'b' });
		const mine = applyEvent(other, { type: 'kiosks:layout-changed', seq: 3, wardPrevSeq: null, at, wardCode: null, kioskId: 'k1', layoutSlug: null });
		expect(mine.kiosk).toEqual({ id: 'k1', layoutSlug: null });
		// A person's wall (no kiosk) is unchanged.
		expect(
			applyEvent(
				{ ...snapshot(1), kiosk: null },
				{ type: 'kiosks:layout-changed', seq: 2, wardPrevSeq: null, at, wardCode: null, kioskId: 'k1', layoutSlug: 'd' }
			).kiosk
		).toBeNull();
	});
});

describe('open tasks on the wall', () => {
	const at = '2026-11-22T01:00:00.000Z';
	it("tasks:changed replaces exactly that ward's list (or the district-wide one), so a replay changes nothing", () => {
		const start = {
			...snapshot(1),
			tasks: [
				{ wardCode: 'a', deadline: '2026-11-20' },
				{ wardCode: 'b', deadline: null },
				{ wardCode: null, deadline: null }
			]
		};
		const e: LiveEvent = {
			type: 'tasks:changed',
			seq: 2,
			wardPrevSeq: null,
			at,
			wardCode: 'a',
			tasks: [
				{ wardCode: 'a', deadline: null },
				{ wardCode: 'a', deadline: '2026-11-23' }
			]
		};
		const next = applyEvent(start, e);
		expect(next.tasks.filter((t) => t.wardCode === 'a')).toEqual(e.tasks);
		expect(next.tasks.filter((t) => t.wardCode !== 'a')).toEqual([
			{ wardCode: 'b', deadline: null },
			{ wardCode: null, deadline: null }
		]);
		expect(applyEvent(next, e).tasks).toHaveLength(next.tasks.length);
		const cleared = applyEvent(next, { ...e, seq: 3, wardCode: null, tasks: [] });
		expect(cleared.tasks.some((t) => t.wardCode === null)).toBe(false);
		expect(cleared.seq).toBe(3);
	});
});

describe('applyEvent: a checkpoint names its blockade (issue 13 §1)', () => {
	const blockade = (liftedAt: string | null, name = 'Ngõ 12 Kim Mã') => ({
		id: 7,
		wardCode: 'a',
		name,
		address: null,
		zone: 'red',
		startedAt: '2026-11-20T00:00:00.000Z',
		people: 100,
		households: 30,
		rounds: [],
		liftedAt,
		liftedBy: liftedAt ? 'Chỉ huy' : null,
		liftReference: liftedAt ? 'QĐ 1' : null,
		liftNote: null,
		createdBy: 'Chỉ huy',
		updatedAt: '2026-11-22T00:00:00.000Z'
	});
	const cp = (code: string, linked: number | null) => ({
		code,
		name: code,
		wardCode: 'a',
		kind: linked ? 'blockade' : 'main_road',
		leadUnit: 'CA',
		required: { police: 1 },
		onDuty: [],
		demo: false,
		blockade: linked ? { id: linked, name: 'Ngõ 12', liftedAt: null } : null
	});

	it('a renamed or lifted blockade shows on the checkpoints that name it, and only on those; a lifted one stays linked', () => {
		const snap = { ...snapshot(1), checkpoints: [cp('a-1', 7), cp('a-2', null), cp('a-3', 8)], blockades: [blockade(null, 'Ngõ 12')] };
		const renamed = applyEvent(snap, {
			type: 'blockades:changed',
			seq: 2,
			wardPrevSeq: null,
			at: '2026-11-22T01:00:00.000Z',
			wardCode: 'a',
			blockade: blockade(null)
		});
		expect(renamed.checkpoints.map((c) => c.blockade)).toEqual([
			{ id: 7, name: 'Ngõ 12 Kim Mã', liftedAt: null },
			null,
			{ id: 8, name: 'Ngõ 12', liftedAt: null }
		]);
		const at = '2026-11-22T02:00:00.000Z';
		const lifted = applyEvent(renamed, { type: 'blockades:changed', seq: 3, wardPrevSeq: null, at, wardCode: 'a', blockade: blockade(at) });
		expect(lifted.blockades).toEqual([]);
		expect(lifted.checkpoints[0]!.blockade).toEqual({ id: 7, name: 'Ngõ 12 Kim Mã', liftedAt: at });
	});
});

describe('welfare:reported', () => {
	const row = (wardCode: string | null, households: number) => ({
		wardCode,
		day: '2026-11-22',
		today: { ...NO_WELFARE, householdsSupported: households },
		total: { ...NO_WELFARE, householdsSupported: households * 2 },
		warehouses: []
	});
	const event = (seq: number, wardCode: string | null, households: number): LiveEvent => ({
		type: 'welfare:reported',
		seq,
		wardPrevSeq: null,
		at: '2026-11-22T03:00:00.000Z',
		wardCode,
		welfare: row(wardCode, households)
	});

	it('replaces the ward’s row (a replay is exact), adds a new one, and a snapshot from before welfare starts its list', () => {
		const before = { ...snapshot(1), welfare: [row('a', 1)] };
		const once = applyEvent(before, event(2, 'a', 4));
		expect(once.welfare).toEqual([row('a', 4)]);
		expect(applyEvent(once, event(2, 'a', 4)).welfare).toEqual(once.welfare);
		expect(applyEvent(once, event(3, null, 5)).welfare!.map((w) => w.wardCode)).toEqual(['a', null]);
		const old = snapshot(1);
		delete (old as { welfare?: unknown }).welfare;
		expect(applyEvent(old, event(2, 'a', 4)).welfare).toEqual([row('a', 4)]);
	});
});
