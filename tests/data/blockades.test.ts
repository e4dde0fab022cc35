/**
 * Blockaded areas (issue 13 §1) on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL
 * is set): a ward opens its own, records testing rounds, lifts it; the district may act on any.
 * Each change is one command — audited, exactly once per device key, live — and every refusal
 * saves nothing and publishes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, NotFoundError, RuleRefusedError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { applyEvent } from '../../src/lib/domain/feed.ts';
import { dayKey } from '../../src/lib/domain/time.ts';
import { previousReportSlot } from '../../src/lib/domain/schedule.ts';
import { DATABASE_KINDS, createTestServices, openTestDatabase, type TestDatabase, type TestServices } from '../fixtures/db.ts';
import { rowCounts } from '../fixtures/row-counts.ts';
import { refusal } from '../fixtures/refusal.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const ngocHa: Principal = { kind: 'user', id: 'nh', username: 'nh', name: 'Chỉ huy Ngọc Hà', role: 'ward_commander', wardCode: 'ngoc-ha' };
const viewer: Principal = { kind: 'user', id: 'v', username: 'v', name: 'Xem', role: 'viewer', wardCode: null };

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const opening = (over: Record<string, unknown> = {}) => ({ wardCode: 'kim-ma', name: 'Ngõ 12 Kim Mã', address: 'Tổ 5, ngõ 12 phố Kim Mã', zone: 'red', startedAt: hoursAgo(30), people: 480, households: 120, ...over });

describe.each(DATABASE_KINDS)('blockaded areas on %s', (kind) => {
	let t: TestDatabase;
	let s: TestServices['services'];
	let published: LiveEvent[];

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const ts = await createTestServices(t.database);
		s = ts.services;
		published = ts.published;
	});
	afterAll(async () => {
		await t?.dispose();
	});
	beforeEach(() => {
		published.length = 0;
	});

	it('a ward commander opens, tests and lifts a blockade of the ward: audited, live, and the wall ends where a fresh snapshot is', async () => {
		const before = await s.live.snapshot(commander);
		const b = await s.blockades.open(kimMa, opening());
		expect(b).toMatchObject({ wardCode: 'kim-ma', name: 'Ngõ 12 Kim Mã', zone: 'red', people: 480, households: 120, rounds: [], liftedAt: null, createdBy: 'Chỉ huy Kim Mã' });
		expect(typeof b.id).toBe('number');
		expect((await s.live.snapshot(commander)).blockades.map((x) => x.id)).toContain(b.id);
		// The ward sees its own in its snapshot; another ward does not.
		expect((await s.live.snapshot(kimMa)).blockades.map((x) => x.id)).toContain(b.id);
		expect((await s.live.snapshot(ngocHa)).blockades.map((x) => x.id)).not.toContain(b.id);

		const today = dayKey(new Date());
		const tested = await s.blockades.recordRound(kimMa, b.id, { round: 1, of: 3, date: today, samples: 480, positives: 2 });
		expect(tested.rounds).toMatchObject([{ round: 1, of: 3, date: today, samples: 480, positives: 2, recordedBy: 'Chỉ huy Kim Mã' }]);
		const edited = await s.blockades.edit(commander, b.id, { people: 500, zone: 'orange' });
		expect(edited).toMatchObject({ people: 500, households: 120, zone: 'orange', address: 'Tổ 5, ngõ 12 phố Kim Mã' });

		const liftedWhile = await s.live.snapshot(commander);
		const lifted = await s.blockades.lift(kimMa, b.id, { reference: 'QĐ 123/QĐ-UBND', note: 'Hết 21 ngày, 3 lần âm tính' });
		expect(lifted).toMatchObject({ liftedBy: 'Chỉ huy Kim Mã', liftReference: 'QĐ 123/QĐ-UBND', liftNote: 'Hết 21 ngày, 3 lần âm tính' });
		expect(lifted.liftedAt).not.toBeNull();

		expect(published.map((e) => e.type)).toEqual(['blockades:changed', 'blockades:changed', 'blockades:changed', 'blockades:changed']);
		const applied = published.reduce(applyEvent, before);
		const fresh = await s.live.snapshot(commander);
		expect(applied.blockades).toEqual(fresh.blockades);
		expect(fresh.blockades.map((x) => x.id)).not.toContain(b.id);
		expect(liftedWhile.blockades.map((x) => x.id)).toContain(b.id);
		// Lifted: out of the active list, in the history.
		expect((await s.blockades.list(commander)).map((x) => x.id)).not.toContain(b.id);
		expect((await s.blockades.list(commander, { includeLifted: true })).map((x) => x.id)).toContain(b.id);

		const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entity, 'blockade'));
		expect(audit.filter((a) => a.entityId === String(b.id)).map((a) => a.action)).toEqual(['blockade.open', 'blockade.test_round', 'blockade.edit', 'blockade.lift']);
	});

	it('a retried entry (same device key) is taken once; a key reused with other figures is refused', async () => {
		const key = '0b6d4c1e-2f6a-4c7d-9a51-7c2a1f3b9e01';
		// The device sends the very same body again.
		const body = opening({ name: 'Chung cư 25 Vạn Phúc' });
		const first = await s.blockades.open(kimMa, body, key);
		const again = await s.blockades.open(kimMa, body, key);
		expect(again.id).toBe(first.id);
		expect(published).toHaveLength(1);
		expect((await refusal(s.blockades.open(kimMa, { ...body, name: 'Khác' }, key))).name).toBe('IdempotencyKeyReusedError');
	});

	it('refuses, saving and publishing nothing: another ward, a viewer, bad figures, bad rounds, a lifted blockade', async () => {
		const b = await s.blockades.open(kimMa, opening({ name: 'Ngõ 35 Đội Cấn' }));
		await s.blockades.recordRound(kimMa, b.id, { round: 1, of: 2, date: dayKey(new Date()), samples: 100, positives: 0 });
		const done = await s.blockades.open(kimMa, opening({ name: 'Ngõ 7 Liễu Giai' }));
		await s.blockades.lift(kimMa, done.id, { reference: 'QĐ 9' });
		published.length = 0;
		const counts = await rowCounts(t.database);
		const today = dayKey(new Date());

		expect((await refusal(s.blockades.open(ngocHa, opening()))).name).toBe(ForbiddenError.name);
		expect((await refusal(s.blockades.open(viewer, opening()))).name).toBe(ForbiddenError.name);
		expect((await refusal(s.blockades.edit(ngocHa, b.id, { people: 1 }))).name).toBe(ForbiddenError.name);
		expect((await refusal(s.blockades.get(ngocHa, b.id))).name).toBe(ForbiddenError.name);
		expect((await refusal(s.blockades.list(ngocHa, { ward: 'kim-ma' }))).name).toBe(ForbiddenError.name);
		expect((await refusal(s.blockades.open(commander, opening({ wardCode: 'khong-co' })))).fields).toEqual(['wardCode:unknown_ward']);
		expect((await refusal(s.blockades.open(kimMa, opening({ zone: 'purple' })))).fields).toEqual(['zone:unknown_zone']);
		expect((await refusal(s.blockades.open(kimMa, opening({ people: 3, households: 4 })))).fields).toEqual(['households:households_exceed_people']);
		expect((await refusal(s.blockades.open(kimMa, opening({ people: -1 })))).fields).toEqual(['people:negative']);
		expect((await refusal(s.blockades.open(kimMa, opening({ name: '' })))).fields).toEqual(['name:required']);
		expect((await refusal(s.blockades.open(kimMa, opening({ startedAt: 'hôm qua' })))).fields).toEqual(['startedAt:bad_time']);
		expect((await refusal(s.blockades.open(kimMa, opening({ startedAt: new Date(Date.now() + 3_600_000).toISOString() })))).fields).toEqual(['startedAt:started_in_future']);
		expect((await refusal(s.blockades.open(kimMa, opening({ liftedAt: hoursAgo(1) })))).fields).toEqual(['liftedAt:unknown_field']);
		expect((await refusal(s.blockades.edit(kimMa, b.id, {}))).fields).toEqual([':nothing_to_change']);
		expect((await refusal(s.blockades.edit(kimMa, b.id, { households: 481 }))).fields).toEqual(['households:households_exceed_people']);
		expect((await refusal(s.blockades.edit(kimMa, 999_999, { people: 1 }))).name).toBe(NotFoundError.name);

		const r = (over: Record<string, unknown>) => ({ round: 2, of: 2, date: today, samples: 100, positives: 0, ...over });
		expect(await refusal(s.blockades.recordRound(kimMa, b.id, r({ round: 1 })))).toMatchObject({ name: RuleRefusedError.name, status: 409, fields: ['round:round_out_of_order'] });
		expect((await refusal(s.blockades.recordRound(kimMa, b.id, r({ of: 1 })))).fields).toEqual(['round:round_exceeds_plan']);
		expect((await refusal(s.blockades.recordRound(kimMa, b.id, r({ positives: 101 })))).fields).toEqual(['positives:positives_exceed_samples']);
		expect((await refusal(s.blockades.recordRound(kimMa, b.id, r({ date: '2020-01-01' })))).fields).toEqual(['date:round_before_start']);
		expect((await refusal(s.blockades.recordRound(kimMa, b.id, r({ date: '2099-01-01' })))).fields).toEqual(['date:round_in_future']);
		expect((await refusal(s.blockades.recordRound(kimMa, b.id, r({ date: '2021-02-30' })))).fields).toEqual(['date:bad_day']);
		expect((await refusal(s.blockades.recordRound(kimMa, b.id, r({ round: 0 })))).fields).toEqual(['round:not_positive']);

		expect(await refusal(s.blockades.lift(kimMa, done.id, { reference: 'QĐ 10' }))).toMatchObject({ status: 409, fields: [':blockade_lifted'] });
		expect((await refusal(s.blockades.edit(kimMa, done.id, { people: 1 }))).fields).toEqual([':blockade_lifted']);
		expect((await refusal(s.blockades.recordRound(kimMa, done.id, r({ round: 1 })))).fields).toEqual([':blockade_lifted']);
		expect((await refusal(s.blockades.lift(kimMa, b.id, {}))).fields).toEqual(['reference:required']);
		expect((await refusal(s.blockades.lift(kimMa, b.id, { reference: 'QĐ', enteredAt: hoursAgo(72) }))).fields).toEqual(['enteredAt:entered_too_old']);

		expect(await rowCounts(t.database)).toEqual(counts);
		expect(published).toEqual([]);
		// A validation refusal is a ValidationError (400), a rule's a RuleRefusedError (409).
		expect((await refusal(s.blockades.open(kimMa, opening({ people: 'nhiều' })))).name).toBe(ValidationError.name);
	});

	it('an entry made offline counts at the time it was made: the lift is stamped with enteredAt, a round with its entry time', async () => {
		const b = await s.blockades.open(kimMa, opening({ name: 'Ngách 4 Núi Trúc', startedAt: hoursAgo(40) }));
		const made = hoursAgo(3);
		const lifted = await s.blockades.lift(kimMa, b.id, { reference: 'QĐ 77', enteredAt: made });
		expect(lifted.liftedAt).toBe(made);
	});

	it('the situation report lists the active blockades as of its time, those lifted since the previous slot, and the zone changes, better or worse', async () => {
		// Opened after the slot before now (whatever the time of day the suite runs): "new since the previous report".
		const previousSlot = previousReportSlot(new Date()).getTime();
		const startedAt = new Date(Math.min(Date.now() - 1_000, Math.max(previousSlot + 1_000, Date.now() - 2 * 3_600_000))).toISOString();
		const b = await s.blockades.open(kimMa, opening({ name: 'Khu tập thể Giảng Võ', zone: 'orange', startedAt }));
		await s.blockades.edit(kimMa, b.id, { zone: 'red' });
		const gone = await s.blockades.open(kimMa, opening({ name: 'Ngõ 1 Đào Tấn', startedAt: hoursAgo(3) }));
		await s.blockades.lift(kimMa, gone.id, { reference: 'QĐ 55' });
		const report = await s.reports.generateNow(commander);
		const c = report.content;
		expect(c.blockades!.active.map((x) => x.name)).toContain('Khu tập thể Giảng Võ');
		expect(c.blockades!.active.map((x) => x.id)).not.toContain(gone.id);
		expect(c.blockades!.lifted.map((x) => [x.name, x.liftReference])).toContainEqual(['Ngõ 1 Đào Tấn', 'QĐ 55']);
		expect(c.blockades!.opened).toContain(b.id);
		const mine = c.zoneChanges!.filter((z) => z.key === String(b.id));
		expect(mine.map((z) => [z.from, z.to, z.direction, z.subjectName])).toEqual([
			[null, 'orange', 'first', 'Khu tập thể Giảng Võ (Kim Mã)'],
			['orange', 'red', 'worse', 'Khu tập thể Giảng Võ (Kim Mã)']
		]);
	});
});
