/**
 * A checkpoint inside a blockaded area names its blockade (issue 13 §1), on a real database
 * (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): linked at registration or by an edit, to
 * an active blockade of the same ward only; every refusal names `blockadeId` and saves nothing; the
 * link shows in every view (the checkpoint, the list, the snapshot, the wall's events, the report's
 * read as of a slot) and stays, as history, when the blockade is lifted — "(đã gỡ)".
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, checkpoints } from '../../src/lib/server/db/schema.ts';
import { RuleRefusedError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { applyEvent } from '../../src/lib/domain/feed.ts';
import { DATABASE_KINDS, createTestServices, openTestDatabase, type TestDatabase, type TestServices } from '../fixtures/db.ts';
import { rowCounts } from '../fixtures/row-counts.ts';
import { refusal } from '../fixtures/refusal.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const system: Principal = { kind: 'system', name: 'Lịch báo cáo' };

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const opening = (over: Record<string, unknown> = {}) => ({
	wardCode: 'kim-ma',
	name: 'Ngõ 12 Kim Mã',
	zone: 'red',
	startedAt: hoursAgo(30),
	people: 480,
	households: 120,
	...over
});
const definition = (over: Record<string, unknown> = {}) => ({
	code: 'kim-ma-ngo-12',
	name: 'Chốt đầu ngõ 12',
	wardCode: 'kim-ma',
	kind: 'blockade',
	leadUnit: 'Công an phường Kim Mã',
	required: { police: 1, militia: 1 },
	...over
});

describe.each(DATABASE_KINDS)('checkpoints naming their blockade on %s', (kind) => {
	let t: TestDatabase;
	let s: TestServices['services'];
	let published: LiveEvent[];
	let ngo12: number;
	let ngo5: number;
	let ngocHa: number;

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const ts = await createTestServices(t.database);
		s = ts.services;
		published = ts.published;
		ngo12 = (await s.blockades.open(kimMa, opening())).id;
		ngo5 = (await s.blockades.open(kimMa, opening({ name: 'Ngõ 5 Kim Mã' }))).id;
		ngocHa = (await s.blockades.open(commander, opening({ wardCode: 'ngoc-ha', name: 'Ngõ 88 Ngọc Hà' }))).id;
	});
	afterAll(async () => {
		await t?.dispose();
	});
	beforeEach(() => {
		published.length = 0;
	});

	it('a blockade checkpoint registered with its ward\'s active blockade shows its name everywhere; audited, live', async () => {
		const before = await s.live.snapshot(commander);
		const c = await s.checkpoints.register(commander, definition({ blockadeId: ngo12 }));
		expect(c.blockade).toEqual({ id: ngo12, name: 'Ngõ 12 Kim Mã', liftedAt: null });
		const [row] = await t.database.db.select().from(checkpoints).where(eq(checkpoints.code, 'kim-ma-ngo-12'));
		expect(row!.blockadeId).toBe(ngo12);
		// The list, the ward's tablet, the snapshot, and the wall after the event all say the same.
		expect((await s.checkpoints.list(kimMa, 'kim-ma')).find((x) => x.code === c.code)?.blockade).toEqual(c.blockade);
		expect((await s.live.snapshot(kimMa)).checkpoints.find((x) => x.code === c.code)?.blockade).toEqual(c.blockade);
		expect(published.reduce(applyEvent, before).checkpoints.find((x) => x.code === c.code)?.blockade).toEqual(c.blockade);
		const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, c.code));
		expect(audit.map((a) => [a.action, (a.after as { blockadeId?: number }).blockadeId])).toEqual([['checkpoint.register', ngo12]]);
		// A checkpoint with no blockade says so; a check-in's answer carries the link too.
		const road = await s.checkpoints.register(commander, definition({ code: 'kim-ma-truc-chinh', kind: 'main_road' }));
		expect(road.blockade).toBeNull();
		const duty = await s.checkpoints.checkIn(kimMa, c.code, { personName: 'Trần Văn Bình', personKey: '001099012345', force: 'police' });
		expect(duty.blockade).toEqual(c.blockade);
		await s.checkpoints.checkOut(kimMa, c.code, { dutyId: duty.onDuty[0]!.id });
	});

	it('refuses, naming blockadeId and saving nothing: another kind, an unknown id, another ward, a bad id', async () => {
		const counts = await rowCounts(t.database);
		const refused = async (p: Promise<unknown>) => {
			const r = await refusal(p);
			return `${r.name} ${r.fields.join(',')}`;
		};
		const bad = `${ValidationError.name} blockadeId:`;
		const fresh = (over: Record<string, unknown>) => definition({ code: 'kim-ma-moi', ...over });
		expect(await refused(s.checkpoints.register(commander, fresh({ kind: 'border', blockadeId: ngo12 })))).toBe(`${bad}not_blockade_checkpoint`);
		expect(await refused(s.checkpoints.register(commander, fresh({ kind: 'community', required: { covid_team: 2 }, blockadeId: ngo12 })))).toBe(
			`${bad}not_blockade_checkpoint`
		);
		expect(await refused(s.checkpoints.register(commander, fresh({ blockadeId: 999_999 })))).toBe(`${bad}unknown_blockade`);
		expect(await refused(s.checkpoints.register(commander, fresh({ blockadeId: ngocHa })))).toBe(`${bad}blockade_other_ward`);
		for (const id of [0, -1, 1.5, '7', true, 1e12]) expect(await refused(s.checkpoints.register(commander, fresh({ blockadeId: id })))).toBe(`${bad}invalid`);
		// The same on an edit.
		expect(await refused(s.checkpoints.edit(commander, 'kim-ma-truc-chinh', { blockadeId: ngo12 }))).toBe(`${bad}not_blockade_checkpoint`);
		expect(await refused(s.checkpoints.edit(commander, 'kim-ma-ngo-12', { blockadeId: 999_999 }))).toBe(`${bad}unknown_blockade`);
		expect(await refused(s.checkpoints.edit(commander, 'kim-ma-ngo-12', { blockadeId: ngocHa }))).toBe(`${bad}blockade_other_ward`);
		expect(await refused(s.checkpoints.edit(commander, 'kim-ma-ngo-12', { blockadeId: 'x' }))).toBe(`${bad}invalid`);
		// Changing the kind away keeps a blockade on another kind: refused until the link is cleared.
		expect(await refused(s.checkpoints.edit(commander, 'kim-ma-ngo-12', { kind: 'main_road' }))).toBe(`${bad}not_blockade_checkpoint`);
		// Whatever writes the row, the database holds the kind rule too.
		await expect(t.database.db.update(checkpoints).set({ blockadeId: ngo12 }).where(eq(checkpoints.code, 'kim-ma-truc-chinh'))).rejects.toThrow();
		expect(await rowCounts(t.database)).toEqual(counts);
		expect((await s.checkpoints.list(commander)).find((c) => c.code === 'kim-ma-ngo-12')?.blockade?.id).toBe(ngo12);
		expect((await s.checkpoints.list(commander)).find((c) => c.code === 'kim-ma-truc-chinh')?.blockade).toBeNull();
		expect(published).toEqual([]);
	});

	it('an edit relinks and unlinks; the audit keeps what it named before', async () => {
		expect((await s.checkpoints.edit(commander, 'kim-ma-ngo-12', { blockadeId: ngo5 })).blockade).toEqual({ id: ngo5, name: 'Ngõ 5 Kim Mã', liftedAt: null });
		expect((await s.checkpoints.edit(commander, 'kim-ma-ngo-12', { blockadeId: null })).blockade).toBeNull();
		// Changing the kind and clearing the link together is an edit like any other.
		await s.checkpoints.edit(commander, 'kim-ma-ngo-12', { blockadeId: ngo12 });
		const road = await s.checkpoints.edit(commander, 'kim-ma-ngo-12', { kind: 'main_road', blockadeId: null });
		expect(road).toMatchObject({ kind: 'main_road', blockade: null });
		expect((await s.checkpoints.edit(commander, 'kim-ma-ngo-12', { kind: 'blockade', blockadeId: ngo12 })).blockade?.id).toBe(ngo12);
		const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, 'kim-ma-ngo-12'));
		const edits = audit.filter((a) => a.action === 'checkpoint.edit').map((a) => (a.before as { blockadeId: number | null }).blockadeId);
		expect(edits).toEqual([ngo12, ngo5, null, ngo12, null]);
	});

	it('a lifted blockade stays linked and reads lifted — on the wall at once, in the report only from its lift; it is never newly linked', async () => {
		const before = await s.live.snapshot(commander);
		const ahead = new Date(Date.now() - 60_000);
		const lifted = await s.blockades.lift(kimMa, ngo12, { reference: 'QĐ 123/QĐ-UBND' });
		expect(lifted.liftedAt).not.toBeNull();
		const linked = { id: ngo12, name: 'Ngõ 12 Kim Mã', liftedAt: lifted.liftedAt };
		expect((await s.checkpoints.list(commander)).find((c) => c.code === 'kim-ma-ngo-12')?.blockade).toEqual(linked);
		// The wall hears the lift, not a checkpoint change, and shows it lifted as a fresh snapshot does.
		expect(published.map((e) => e.type)).toEqual(['blockades:changed']);
		const wall = published.reduce(applyEvent, before);
		expect(wall.checkpoints.find((c) => c.code === 'kim-ma-ngo-12')?.blockade).toEqual(linked);
		expect((await s.live.snapshot(commander)).checkpoints.find((c) => c.code === 'kim-ma-ngo-12')?.blockade).toEqual(linked);
		// A report read as of a slot before the lift shows it active then.
		expect((await s.checkpoints.list(system, undefined, undefined, ahead)).find((c) => c.code === 'kim-ma-ngo-12')?.blockade).toEqual({ ...linked, liftedAt: null });

		// Kept through edits of anything else, and through naming it again; never newly linked elsewhere.
		expect((await s.checkpoints.edit(commander, 'kim-ma-ngo-12', { leadUnit: 'Công an quận' })).blockade).toEqual(linked);
		expect((await s.checkpoints.edit(commander, 'kim-ma-ngo-12', { blockadeId: ngo12 })).blockade).toEqual(linked);
		let counts = await rowCounts(t.database);
		published.length = 0;
		const other = await refusal(s.checkpoints.register(commander, definition({ code: 'kim-ma-ngo-12b', blockadeId: ngo12 })));
		expect(other).toMatchObject({ name: RuleRefusedError.name, status: 409, fields: ['blockadeId:blockade_already_lifted'] });
		expect(await rowCounts(t.database)).toEqual(counts);
		await s.checkpoints.edit(commander, 'kim-ma-ngo-12', { blockadeId: ngo5 });
		counts = await rowCounts(t.database);
		expect((await refusal(s.checkpoints.edit(commander, 'kim-ma-ngo-12', { blockadeId: ngo12 }))).fields).toEqual(['blockadeId:blockade_already_lifted']);
		expect(await rowCounts(t.database)).toEqual(counts);
		expect((await s.checkpoints.list(commander)).find((c) => c.code === 'kim-ma-ngo-12')?.blockade?.id).toBe(ngo5);
		expect(published.map((e) => e.type)).toEqual(['checkpoints:changed']);
	});
});
