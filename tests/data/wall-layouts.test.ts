/**
 * Saved wall layouts on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set):
 * each refusal saves nothing (no row, no audit entry, no event); each change is audited and
 * published once it committed; kiosks carry a default layout; the live snapshot carries both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, events, wallLayouts } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import type { Services } from '../../src/lib/server/services/index.ts';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { createTestServices, DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';

const admin: Principal = { kind: 'user', id: 'u-admin', username: 'admin', name: 'Quản trị hệ thống', role: 'admin', wardCode: null };
const commander: Principal = { kind: 'user', id: 'u-dc', username: 'chi-huy', name: 'Nguyễn Văn Hùng', role: 'district_commander', wardCode: null };
const viewer: Principal = { kind: 'user', id: 'u-v', username: 'xem', name: 'Người xem', role: 'viewer', wardCode: null };
const wardStaff: Principal = { kind: 'user', id: 'u-w', username: 'can-bo', name: 'Cán bộ', role: 'ward_staff', wardCode: 'kim-ma' };

const body = (over: Record<string, unknown> = {}) => ({
	slug: 'phong-dieu-hanh',
	title: 'Phòng điều hành — màn hình chính',
	views: 'quarantine:20,overview:30',
	...over
});

/** Rejects with a ValidationError whose errors name exactly these fields and codes. */
async function refused(p: Promise<unknown>, expected: Array<[field: string, code: string]>) {
	const err = await p.then(
		() => null,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(ValidationError);
	expect((err as ValidationError).errors.map((e) => [e.field, e.code])).toEqual(expected);
	return err as ValidationError;
}

describe.each(DATABASE_KINDS)('wall layouts on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	let published: LiveEvent[];

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		({ services: s, published } = await createTestServices(t.database));
	});
	afterAll(async () => {
		await t?.dispose();
	});

	const counts = async () => {
		const db = t.database.db;
		const [a] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.entity, 'wall_layout'));
		const [l] = await db.select({ n: sql<number>`count(*)::int` }).from(wallLayouts);
		const [e] = await db.select({ n: sql<number>`count(*)::int` }).from(events);
		return { audit: a!.n, layouts: l!.n, events: e!.n, published: published.length };
	};

	it('creates a layout: stored, audited with who, written to the outbox and published after commit', async () => {
		const before = await counts();
		const l = await s.wallLayouts.create(commander, body({ pin: '' }));
		expect(l).toMatchObject({
			slug: 'phong-dieu-hanh',
			title: 'Phòng điều hành — màn hình chính',
			views: [
				{ view: 'quarantine', seconds: 20 },
				{ view: 'overview', seconds: 30 }
			],
			pin: null,
			createdBy: 'Nguyễn Văn Hùng'
		});
		expect(await counts()).toEqual({ audit: before.audit + 1, layouts: before.layouts + 1, events: before.events + 1, published: before.published + 1 });
		const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'wall_layout.create'));
		expect(entry).toMatchObject({ actorName: 'Nguyễn Văn Hùng', entityId: 'phong-dieu-hanh', after: { title: l.title, views: l.views, pin: null } });
		expect(published.at(-1)).toMatchObject({ type: 'layouts:changed', slug: 'phong-dieu-hanh', layout: { title: l.title } });
		expect(await s.wallLayouts.list(viewer)).toEqual([l]);
	});

	it('refuses, saving nothing: unknown view, seconds out of range, unknown pin, bad slug, taken slug, no views, stray fields', async () => {
		const before = await counts();
		// An unknown view: named with its position, not skipped.
		const e = await refused(s.wallLayouts.create(admin, body({ slug: 'moi', views: 'overview:30,beds:20' })), [['views', 'unknown_view']]);
		expect(e.errors[0]!.message).toContain('mục 2 «beds:20»');
		// Seconds out of 5–3600, or not whole: refused, not clamped.
		await refused(s.wallLayouts.create(admin, body({ slug: 'moi', views: [{ view: 'stock', seconds: 4 }, { view: 'trends', seconds: 3601 }] })), [
			['views', 'seconds_out_of_range'],
			['views', 'seconds_out_of_range']
		]);
		await refused(s.wallLayouts.create(admin, body({ slug: 'moi', views: 'stock:12.5' })), [['views', 'seconds_out_of_range']]);
		await refused(s.wallLayouts.create(admin, body({ slug: 'moi', pin: 'map' })), [['pin', 'unknown_view']]);
		await refused(s.wallLayouts.create(admin, body({ slug: 'Phòng 1' })), [['slug', 'bad_slug']]);
		await refused(s.wallLayouts.create(admin, body()), [['slug', 'slug_taken']]);
		await refused(s.wallLayouts.create(admin, body({ slug: 'moi', views: '' })), [['views', 'required']]);
		await refused(s.wallLayouts.create(admin, body({ slug: 'moi', title: '  ' })), [['title', 'required']]);
		await refused(s.wallLayouts.create(admin, { ...body({ slug: 'moi' }), colour: 'red' }), [['colour', 'unknown_field']]);
		expect(await counts()).toEqual(before);
	});

	it('only the admin and the district commander may change layouts; everyone reads them', async () => {
		const before = await counts();
		await expect(s.wallLayouts.create(viewer, body({ slug: 'x' }))).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.wallLayouts.update(wardStaff, 'phong-dieu-hanh', body())).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.wallLayouts.remove({ kind: 'kiosk', id: 'k', name: 'TV' }, 'phong-dieu-hanh')).rejects.toBeInstanceOf(ForbiddenError);
		expect(await counts()).toEqual(before);
		expect((await s.wallLayouts.get(wardStaff, 'phong-dieu-hanh')).slug).toBe('phong-dieu-hanh');
	});

	it('edits title, views and pin (not the slug), audited before → after, published', async () => {
		const { slug: _slug, ...rest } = body();
		// The slug is not part of an edit: naming it is refused like any stray field.
		await refused(s.wallLayouts.update(admin, 'phong-dieu-hanh', body()), [['slug', 'unknown_field']]);
		await refused(s.wallLayouts.update(admin, 'phong-dieu-hanh', { ...rest, views: 'stock:1' }), [['views', 'seconds_out_of_range']]);
		expect((await s.wallLayouts.get(admin, 'phong-dieu-hanh')).views[0]).toEqual({ view: 'quarantine', seconds: 20 });

		const l = await s.wallLayouts.update(admin, 'phong-dieu-hanh', { title: 'Phòng điều hành', views: [{ view: 'stock', seconds: 15 }], pin: 'checkpoints' });
		expect(l).toMatchObject({ slug: 'phong-dieu-hanh', title: 'Phòng điều hành', views: [{ view: 'stock', seconds: 15 }], pin: 'checkpoints' });
		const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'wall_layout.update'));
		expect(entry).toMatchObject({ before: { views: [{ view: 'quarantine', seconds: 20 }, { view: 'overview', seconds: 30 }], pin: null }, after: { pin: 'checkpoints' } });
		expect(published.at(-1)).toMatchObject({ type: 'layouts:changed', slug: 'phong-dieu-hanh', layout: { pin: 'checkpoints' } });
		await expect(s.wallLayouts.update(admin, 'khong-co', rest)).rejects.toBeInstanceOf(NotFoundError);
	});

	it('a kiosk carries a default layout (unknown layout refused); the live snapshot carries layouts and the kiosk’s choice', async () => {
		await refused(s.tokens.kiosks.create(admin, { name: 'TV 1', layoutSlug: 'khong-co' }), [['layoutSlug', 'unknown_layout']]);
		expect(await s.tokens.kiosks.list(admin)).toHaveLength(0);
		const { kiosk } = await s.tokens.kiosks.create(admin, { name: 'TV 1', layoutSlug: 'phong-dieu-hanh' });
		expect(kiosk.layoutSlug).toBe('phong-dieu-hanh');
		const tv: Principal = { kind: 'kiosk', id: kiosk.id, name: kiosk.name };

		const snap = await s.live.snapshot(tv);
		expect(snap.kiosk).toEqual({ id: kiosk.id, layoutSlug: 'phong-dieu-hanh' });
		expect(snap.layouts.map((l) => l.slug)).toEqual(['phong-dieu-hanh']);
		expect((await s.live.snapshot(viewer)).kiosk).toBeNull();

		// Changing it afterwards: audited, and an event the TV applies live.
		await refused(s.tokens.kiosks.setLayout(admin, kiosk.id, { layoutSlug: 'Không Có' }), [['layoutSlug', 'bad_slug']]);
		await expect(s.tokens.kiosks.setLayout(commander, kiosk.id, { layoutSlug: null })).rejects.toBeInstanceOf(ForbiddenError);
		const cleared = await s.tokens.kiosks.setLayout(admin, kiosk.id, { layoutSlug: '' });
		expect(cleared.layoutSlug).toBeNull();
		expect(published.at(-1)).toMatchObject({ type: 'kiosks:layout-changed', kioskId: kiosk.id, layoutSlug: null });
		await s.tokens.kiosks.setLayout(admin, kiosk.id, { layoutSlug: 'phong-dieu-hanh' });
		const actions = (await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, kiosk.id))).map((a) => a.action);
		expect(actions).toEqual(['kiosk.create', 'kiosk.set_layout', 'kiosk.set_layout']);

		// A resuming wall gets the missed layout events from the outbox like any other.
		const seq = snap.seq;
		await s.wallLayouts.update(admin, 'phong-dieu-hanh', { title: 'Phòng điều hành', views: 'trends:60' });
		const reply = await s.live.resume(tv, seq);
		if (reply.mode !== 'events') throw new Error('expected events');
		expect(reply.events.map((e) => e.type)).toEqual(['kiosks:layout-changed', 'kiosks:layout-changed', 'layouts:changed']);
	});

	it('a layout that an active kiosk uses cannot be deleted; once that kiosk is revoked it can, and the kiosk lets go', async () => {
		const [kiosk] = await s.tokens.kiosks.list(admin);
		const before = await counts();
		const e = await refused(s.wallLayouts.remove(admin, 'phong-dieu-hanh'), [['slug', 'layout_in_use']]);
		expect(e.errors[0]!.message).toContain('TV 1');
		expect(await counts()).toEqual(before);

		await s.tokens.kiosks.revoke(admin, kiosk!.id);
		await s.wallLayouts.remove(commander, 'phong-dieu-hanh');
		expect(await s.wallLayouts.list(admin)).toEqual([]);
		expect((await s.tokens.kiosks.list(admin))[0]!.layoutSlug).toBeNull();
		const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'wall_layout.delete'));
		expect(entry).toMatchObject({ actorName: 'Nguyễn Văn Hùng', entityId: 'phong-dieu-hanh', before: { title: 'Phòng điều hành' } });
		expect(published.at(-1)).toMatchObject({ type: 'layouts:changed', slug: 'phong-dieu-hanh', layout: null });
		await expect(s.wallLayouts.remove(admin, 'phong-dieu-hanh')).rejects.toBeInstanceOf(NotFoundError);
	});

	it('two creations racing for one slug: one is saved, the other gets slug_taken', async () => {
		const results = await Promise.allSettled([
			s.wallLayouts.create(admin, body({ slug: 'dua', title: 'A' })),
			s.wallLayouts.create(commander, body({ slug: 'dua', title: 'B' }))
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect((lost.reason as ValidationError).errors.map((e) => e.code)).toEqual(['slug_taken']);
		const [n] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.entityId, 'dua'));
		expect(n!.n).toBe(1);
	});
});
