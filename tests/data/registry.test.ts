/**
 * The run-time registry (issue 11 §3) on a real database (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): admin and district commanders add, edit and retire facilities,
 * warehouses and items; each change is audited and live; a retired one keeps its history, leaves
 * every total, and its code is never reused; the data files only seed an empty database.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, quarantineFacilities } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, NotFoundError, RuleRefusedError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import type { LiveEvent, LiveSnapshot } from '../../src/lib/contracts/live.ts';
import { applyEvent } from '../../src/lib/domain/feed.ts';
import { readCompanionFile, readDistrictDefinition } from '../../server/core.ts';
import { facilitiesFile } from '../../src/lib/contracts/quarantine.ts';
import { stockFile } from '../../src/lib/contracts/stock.ts';
import { checkpointsFile } from '../../src/lib/contracts/checkpoints.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';
import { rowCounts } from '../fixtures/row-counts.ts';
import { refusal } from '../fixtures/refusal.ts';

const commander: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };
const viewer: Principal = { kind: 'user', id: 'v', username: 'v', name: 'Xem', role: 'viewer', wardCode: null };

describe.each(DATABASE_KINDS)('the run-time registry on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;
	const published: LiveEvent[] = [];

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		const bus = createLocalBus();
		bus.subscribe((e) => published.push(e));
		s = await createServices({
			database: t.database,
			bus,
			definition: await readDistrictDefinition(BA_DINH),
			data: {
				quarantine: await readCompanionFile(BA_DINH, 'quarantine', facilitiesFile),
				stock: await readCompanionFile(BA_DINH, 'stock', stockFile),
				checkpoints: await readCompanionFile(BA_DINH, 'checkpoints', checkpointsFile)
			}
		});
	});
	afterAll(async () => {
		await t?.dispose();
	});
	beforeEach(() => {
		published.length = 0;
	});

	it('a district commander adds a facility: empty, being prepared, audited, live; it receives only after its acceptance', async () => {
		const before = await s.live.snapshot(commander);
		const f = await s.quarantine.register(commander, { code: 'truong-th-kim-ma', name: 'Trường Tiểu học Kim Mã', wardCode: 'kim-ma', kind: 'Trường học', capacity: 150 });
		expect(f).toMatchObject({ code: 'truong-th-kim-ma', status: 'preparing', capacity: 150, occupied: 0 });
		expect(published.map((e) => e.type)).toEqual(['quarantine:changed']);
		// The wall applies the event and gets what a fresh snapshot says.
		const applied = applyEvent(before, published[0]!);
		const fresh = await s.live.snapshot(commander);
		expect(applied.facilities.map((x) => x.code).sort()).toEqual(fresh.facilities.map((x) => x.code).sort());
		expect((await s.quarantine.summary(commander)).quarantine.preparing).toBe((await summaryOf(before)).preparing + 150);
		const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, 'truong-th-kim-ma'));
		expect(audit.map((a) => a.action)).toEqual(['quarantine.register']);
		// The state machine, not the registry, opens it.
		expect((await refusal(s.quarantine.move(kimMa, 'truong-th-kim-ma', { kind: 'admission', amount: 1 }))).fields).toEqual(['kind:not_receiving']);
		await s.quarantine.setStatus(kimMa, 'truong-th-kim-ma', { status: 'ready', acceptance: { inspectedBy: 'Tổ nghiệm thu quận', inspectedAt: new Date().toISOString() } });
		expect((await s.quarantine.move(kimMa, 'truong-th-kim-ma', { kind: 'admission', amount: 5 })).occupied).toBe(5);
	});

	async function summaryOf(snap: LiveSnapshot) {
		const { bedSummary } = await import('../../src/lib/domain/quarantine.ts');
		return bedSummary(snap.facilities).quarantine;
	}

	it('refuses, saving nothing: a ward account, a taken code, a bad code, an unknown ward, an unknown field (NUL bytes: tests/security/input.test.ts, at the HTTP boundary)', async () => {
		const counts = await rowCounts(t.database);
		const good = { code: 'nha-van-hoa', name: 'Nhà văn hóa', wardCode: 'kim-ma', kind: 'Nhà văn hóa', capacity: 40 };
		expect((await refusal(s.quarantine.register(kimMa, good))).name).toBe(ForbiddenError.name);
		expect((await refusal(s.quarantine.register(viewer, good))).name).toBe(ForbiddenError.name);
		expect(await refusal(s.quarantine.register(commander, { ...good, code: 'quan-ngua' }))).toMatchObject({ name: RuleRefusedError.name, status: 409, fields: ['code:code_taken'] });
		expect((await refusal(s.quarantine.register(commander, { ...good, code: 'Nhà Văn Hóa' }))).fields).toEqual(['code:bad_code']);
		expect((await refusal(s.quarantine.register(commander, { ...good, wardCode: 'khong-co' }))).fields).toEqual(['wardCode:unknown_ward']);
		expect((await refusal(s.quarantine.register(commander, { ...good, occupied: 10 }))).fields).toEqual(['occupied:unknown_field']);
		expect((await refusal(s.quarantine.register(commander, { ...good, capacity: -1 }))).fields).toEqual(['capacity:negative']);
		expect((await refusal(s.quarantine.edit(commander, 'quan-ngua', {}))).fields).toEqual([':nothing_to_change']);
		expect((await refusal(s.quarantine.edit(kimMa, 'quan-ngua', { name: 'X' }))).name).toBe(ForbiddenError.name);
		expect((await refusal(s.quarantine.edit(commander, 'khong-co', { name: 'X' }))).name).toBe(NotFoundError.name);
		expect(await rowCounts(t.database)).toEqual(counts);
		expect(published).toEqual([]);
	});

	it('edits a facility name; beds and status are not the registry\'s to change', async () => {
		const f = await s.quarantine.edit(commander, 'tc-kinh-te-ha-noi', { name: 'Trường Trung cấp Kinh tế Hà Nội (cơ sở 2)' });
		expect(f.name).toBe('Trường Trung cấp Kinh tế Hà Nội (cơ sở 2)');
		expect((await refusal(s.quarantine.edit(commander, 'tc-kinh-te-ha-noi', { capacity: 999 }))).fields).toContain('capacity:unknown_field');
		expect((await refusal(s.quarantine.edit(commander, 'tc-kinh-te-ha-noi', { name: 'Y', status: 'operating' }))).fields).toEqual(['status:unknown_field']);
	});

	it('retires only an empty facility; it leaves every total, keeps its history, takes no entries, and its code is never reused', async () => {
		expect(await refusal(s.quarantine.retire(commander, 'quan-ngua', { reason: 'Trả lại cung thể thao' }))).toMatchObject({ status: 409, fields: [':facility_not_empty'] });
		const before = await s.quarantine.summary(commander);
		const target = (await s.quarantine.list(commander)).find((f) => f.code === 'tc-kinh-te-ha-noi')!;
		expect(target.occupied).toBe(0);
		expect((await refusal(s.quarantine.retire(commander, 'tc-kinh-te-ha-noi', {}))).fields).toEqual(['reason:required']);
		const snap = await s.live.snapshot(commander);
		const standing = new Date();
		await new Promise((r) => setTimeout(r, 5));
		await s.quarantine.retire(commander, 'tc-kinh-te-ha-noi', { reason: 'Trường học trở lại dạy học' });
		const after = await s.quarantine.summary(commander);
		expect(after.quarantine.capacity).toBe(before.quarantine.capacity - target.capacity);
		expect(after.quarantine.free).toBe(before.quarantine.free - target.capacity);
		expect((await s.quarantine.list(commander)).map((f) => f.code)).not.toContain('tc-kinh-te-ha-noi');
		// Live: the wall drops it exactly as a fresh snapshot has it.
		const applied = published.reduce(applyEvent, snap);
		expect(applied.facilities.map((f) => f.code)).not.toContain('tc-kinh-te-ha-noi');
		// History kept; as of before the retirement it still counted (a report of then is unchanged).
		expect((await s.quarantine.history(commander, 'tc-kinh-te-ha-noi')).map((m) => m.kind)[0]).toBe('retired');
		expect((await s.quarantine.list(commander, null, undefined, standing)).map((f) => f.code)).toContain('tc-kinh-te-ha-noi');
		expect(await refusal(s.quarantine.move(commander, 'tc-kinh-te-ha-noi', { kind: 'capacity', amount: 10 }))).toMatchObject({ status: 409, fields: [':retired'] });
		expect((await refusal(s.quarantine.register(commander, { code: 'tc-kinh-te-ha-noi', name: 'Khác', wardCode: null, kind: 'Khác', capacity: 1 }))).fields).toEqual(['code:code_taken']);
		// A restart with the data file does not bring it back: the file only seeds an empty database.
		await s.quarantine.sync((await readCompanionFile(BA_DINH, 'quarantine', facilitiesFile))!);
		expect((await s.quarantine.list(commander)).map((f) => f.code)).not.toContain('tc-kinh-te-ha-noi');
		const [row] = await t.database.db.select().from(quarantineFacilities).where(eq(quarantineFacilities.code, 'tc-kinh-te-ha-noi'));
		expect(row!.name).toBe('Trường Trung cấp Kinh tế Hà Nội (cơ sở 2)');
	});

	it('warehouses and items: added at zero everywhere, renamed live, retired only when empty, codes never reused', async () => {
		const snap = await s.live.snapshot(commander);
		const item = await s.stock.createItem(commander, { code: 'sua', name: 'Sữa hộp', unit: 'thùng', minDays: 5 });
		expect(item).toMatchObject({ code: 'sua', name: 'Sữa hộp' });
		const levels = (await s.stock.levels(commander)).filter((l) => l.itemCode === 'sua');
		expect(levels.length).toBe((await s.stock.warehousesFor(commander, undefined)).length);
		expect(levels.every((l) => l.onHand === 0)).toBe(true);
		await s.stock.createWarehouse(commander, { code: 'kho-du-phong', name: 'Kho dự phòng quận', wardCode: null });
		await s.stock.editItem(commander, 'sua', { name: 'Sữa tươi hộp' });
		const live = published.reduce(applyEvent, snap);
		const fresh = await s.live.snapshot(commander);
		const key = (l: { warehouseCode: string; itemCode: string; itemName: string; onHand: number }) => `${l.warehouseCode}|${l.itemCode}|${l.itemName}|${l.onHand}`;
		expect(live.stock.map(key).sort()).toEqual(fresh.stock.map(key).sort());

		// Refusals, nothing saved.
		const counts = await rowCounts(t.database);
		expect((await refusal(s.stock.createItem(kimMa, { code: 'x', name: 'X', unit: 'cái', minDays: 1 }))).name).toBe(ForbiddenError.name);
		expect((await refusal(s.stock.createItem(commander, { code: 'gao', name: 'Gạo', unit: 'kg', minDays: 1 }))).fields).toEqual(['code:code_taken']);
		expect((await refusal(s.stock.createItem(commander, { code: 'x', name: 'X', unit: 'cái', minDays: -1 }))).fields).toEqual(['minDays:negative']);
		expect((await refusal(s.stock.createWarehouse(commander, { code: 'kim-ma', name: 'Trùng', wardCode: 'kim-ma' }))).fields).toEqual(['code:code_taken']);
		expect((await refusal(s.stock.createWarehouse(commander, { code: 'kho-x', name: 'X', wardCode: 'khong-co' }))).fields).toEqual(['wardCode:unknown_ward']);
		expect((await refusal(s.stock.retireItem(commander, 'gao', { reason: 'Hết dùng' }))).fields).toEqual([':item_in_stock']);
		expect((await refusal(s.stock.retireWarehouse(commander, 'kho-quan', { reason: 'Đóng' }))).fields).toEqual([':warehouse_not_empty']);
		expect(await rowCounts(t.database)).toEqual(counts);

		// Retire: out of the levels and the wall, movements refused, code never reused.
		const before = await s.live.snapshot(commander);
		published.length = 0;
		await s.stock.retireItem(commander, 'sua', { reason: 'Không cấp nữa' });
		await s.stock.retireWarehouse(commander, 'kho-du-phong', { reason: 'Không dùng' });
		expect((await s.stock.levels(commander)).some((l) => l.itemCode === 'sua' || l.warehouseCode === 'kho-du-phong')).toBe(false);
		const wall = published.reduce(applyEvent, before);
		expect(wall.stock.map(key).sort()).toEqual((await s.live.snapshot(commander)).stock.map(key).sort());
		expect((await refusal(s.stock.receive(commander, 'kho-quan', { item: 'sua', quantity: 1 }))).fields).toEqual(['item:retired']);
		expect((await refusal(s.stock.receive(commander, 'kho-du-phong', { item: 'gao', quantity: 1 }))).fields).toEqual([':retired']);
		expect((await refusal(s.stock.transfer(commander, 'kho-quan', { item: 'gao', quantity: 1, to: 'kho-du-phong' }))).fields).toEqual(['to:retired']);
		expect((await refusal(s.stock.createItem(commander, { code: 'sua', name: 'Sữa', unit: 'thùng', minDays: 5 }))).fields).toEqual(['code:code_taken']);
		expect((await s.stock.items()).map((i) => i.code)).not.toContain('sua');
	});

	it('checkpoints: added with the police rule, edited, retired only when no one is on duty; live; codes never reused', async () => {
		const snap = await s.live.snapshot(commander);
		const def = { code: 'kim-ma-ngo-12', name: 'Chốt ngõ 12 Kim Mã', wardCode: 'kim-ma', kind: 'blockade', leadUnit: 'Công an phường Kim Mã', required: { police: 2, militia: 1 } };
		const counts = await rowCounts(t.database);
		// The directive: a control checkpoint without police is refused, naming the field; nothing saved.
		expect(await refusal(s.checkpoints.register(commander, { ...def, required: { militia: 3 } }))).toMatchObject({ name: ValidationError.name, fields: ['required.police:police_required'] });
		expect((await refusal(s.checkpoints.register(kimMa, def))).name).toBe(ForbiddenError.name);
		expect((await refusal(s.checkpoints.register(commander, { ...def, code: 'kim-ma-1' }))).fields).toEqual(['code:code_taken']);
		expect((await refusal(s.checkpoints.register(commander, { ...def, wardCode: 'khong-co' }))).fields).toEqual(['wardCode:unknown_ward']);
		expect((await refusal(s.checkpoints.register(commander, { ...def, required: { navy: 1, police: 1 } }))).fields).toEqual(['required.navy:unknown_field']);
		expect(await rowCounts(t.database)).toEqual(counts);
		// A community checkpoint is exempt.
		await s.checkpoints.register(commander, { ...def, code: 'kim-ma-to-dan-pho-3', name: 'Chốt tự quản tổ 3', kind: 'community', required: { covid_team: 2 } });

		const added = await s.checkpoints.register(commander, def);
		expect(added).toMatchObject({ code: 'kim-ma-ngo-12', onDuty: [] });
		// An edit that drops the police is refused; one that keeps them is saved.
		expect((await refusal(s.checkpoints.edit(commander, 'kim-ma-ngo-12', { required: { militia: 4 } }))).fields).toEqual(['required.police:police_required']);
		await s.checkpoints.edit(commander, 'kim-ma-ngo-12', { name: 'Chốt phong tỏa ngõ 12 Kim Mã' });
		const live = published.reduce(applyEvent, snap);
		const fresh = await s.live.snapshot(commander);
		expect(live.checkpoints.map((c) => `${c.code}|${c.name}`).sort()).toEqual(fresh.checkpoints.map((c) => `${c.code}|${c.name}`).sort());

		// Someone on duty: retiring is refused with the name; after the check-out it retires.
		const duty = await s.checkpoints.checkIn(kimMa, 'kim-ma-ngo-12', { personName: 'Trần Văn Bình', personKey: '001099012345', force: 'police' });
		expect(await refusal(s.checkpoints.retire(commander, 'kim-ma-ngo-12', { reason: 'Gỡ phong tỏa' }))).toMatchObject({ status: 409, fields: [':checkpoint_staffed'] });
		await s.checkpoints.checkOut(kimMa, 'kim-ma-ngo-12', { dutyId: duty.onDuty[0]!.id });
		const before = await s.live.snapshot(commander);
		published.length = 0;
		await s.checkpoints.retire(commander, 'kim-ma-ngo-12', { reason: 'Gỡ phong tỏa' });
		expect((await s.checkpoints.list(commander)).map((c) => c.code)).not.toContain('kim-ma-ngo-12');
		expect(published.reduce(applyEvent, before).checkpoints.map((c) => c.code)).not.toContain('kim-ma-ngo-12');
		expect((await refusal(s.checkpoints.checkIn(kimMa, 'kim-ma-ngo-12', { personName: 'X', personKey: '001099012346', force: 'police' }))).fields).toEqual([':retired']);
		expect((await refusal(s.checkpoints.register(commander, def))).fields).toEqual(['code:code_taken']);
		const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, 'kim-ma-ngo-12'));
		expect(audit.map((a) => a.action)).toEqual(['checkpoint.register', 'checkpoint.edit', 'checkpoint.retire']);
	});

	it('the district bed target: set and cleared by the district, audited, live; a ward cannot', async () => {
		const snap = await s.live.snapshot(commander);
		expect(await s.quarantine.setBedTarget(commander, { quarantineBedTarget: 2000 })).toBe(2000);
		expect((await s.live.snapshot(commander)).district.quarantineBedTarget).toBe(2000);
		expect(published.reduce(applyEvent, snap).district.quarantineBedTarget).toBe(2000);
		expect((await refusal(s.quarantine.setBedTarget(kimMa, { quarantineBedTarget: 1 }))).name).toBe(ForbiddenError.name);
		expect((await refusal(s.quarantine.setBedTarget(commander, { quarantineBedTarget: 0 }))).fields).toEqual(['quarantineBedTarget:not_positive']);
		expect((await refusal(s.quarantine.setBedTarget(commander, {}))).fields).toEqual(['quarantineBedTarget:required']);
		expect(await s.quarantine.setBedTarget(commander, { quarantineBedTarget: null })).toBeNull();
		expect(await s.quarantine.bedTarget()).toBeNull();
		expect(ValidationError).toBeTruthy();
	});
});
