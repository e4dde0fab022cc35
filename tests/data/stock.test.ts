/** Stock on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, events, stockBalances, stockMovements } from '../../src/lib/server/db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { createServices, type Services } from '../../src/lib/server/services/index.ts';
import { createLocalBus } from '../../src/lib/server/realtime/bus.ts';
import { readCompanionFile, readDistrictDefinition } from '../../server/core.ts';
import { stockFile } from '../../src/lib/contracts/stock.ts';
import { BA_DINH, DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';

const district: Principal = { kind: 'user', id: 'd', username: 'd', name: 'Chỉ huy quận', role: 'district_commander', wardCode: null };
const kimMa: Principal = { kind: 'user', id: 'km', username: 'km', name: 'Chỉ huy Kim Mã', role: 'ward_commander', wardCode: 'kim-ma' };

describe.each(DATABASE_KINDS)('stock on %s', (kind) => {
	let t: TestDatabase;
	let s: Services;

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		s = await createServices({
			database: t.database,
			bus: createLocalBus(),
			definition: await readDistrictDefinition(BA_DINH),
			data: { stock: await readCompanionFile(BA_DINH, 'stock', stockFile) }
		});
	});
	afterAll(async () => {
		await t?.dispose();
	});

	const onHand = async (w: string, i: string) =>
		(await t.database.db.select().from(stockBalances).where(and(eq(stockBalances.warehouseCode, w), eq(stockBalances.itemCode, i))))[0]?.onHand ?? 0;
	const ledger = async (w: string, i: string) =>
		Number(
			(await t.database.db.select({ q: sql<number>`coalesce(sum(${stockMovements.quantity}),0)::int` }).from(stockMovements).where(and(eq(stockMovements.warehouseCode, w), eq(stockMovements.itemCode, i))))[0]!.q
		);
	const counts = async () => ({
		movements: (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(stockMovements))[0]!.n,
		audit: (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n,
		events: (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(events))[0]!.n
	});

	it('opening stock is entered as movements: on hand equals the ledger, with a recent issue rate', async () => {
		expect(await onHand('kho-quan', 'gao')).toBe(24000);
		expect(await ledger('kho-quan', 'gao')).toBe(24000);
		const gao = (await s.stock.levels(district, null)).find((l) => l.itemCode === 'gao')!;
		expect(gao).toMatchObject({ onHand: 24000, issuedLast7Days: 6300, daysOfSupply: 26.7, belowMinimum: false });
		const kits = (await s.stock.levels(district, null)).find((l) => l.itemCode === 'tui-thuoc-f0')!;
		expect(kits.belowMinimum).toBe(true); // 260 bags at 95/day: under 3 days
	});

	it('receipts and issues move on hand; the balance always equals the ledger', async () => {
		await s.stock.receive(kimMa, 'kim-ma', { item: 'gao', quantity: 500, supplier: 'Siêu thị Big C Thăng Long' });
		await s.stock.issue(kimMa, 'kim-ma', { item: 'gao', quantity: 200, destinationKind: 'households', destination: 'Tổ dân phố 12' });
		expect(await onHand('kim-ma', 'gao')).toBe(1500 + 500 - 200);
		expect(await ledger('kim-ma', 'gao')).toBe(await onHand('kim-ma', 'gao'));
	});

	it('an issue larger than on hand is refused with what is available, and nothing is saved', async () => {
		const before = await counts();
		const have = await onHand('kim-ma', 'kit-xet-nghiem');
		await expect(
			s.stock.issue(kimMa, 'kim-ma', { item: 'kit-xet-nghiem', quantity: have + 1, destinationKind: 'quarantine', destination: 'Quần Ngựa' })
		).rejects.toSatisfy((e: unknown) => e instanceof ValidationError && e.errors[0]?.code === 'not_enough_stock' && e.errors[0].message.includes(`còn ${have}`));
		expect(await onHand('kim-ma', 'kit-xet-nghiem')).toBe(have);
		expect(await counts()).toEqual(before);
	});

	it('a transfer moves both sides in one transaction; one that would overdraw moves neither', async () => {
		const [a, b] = [await onHand('kho-quan', 'mi-tom'), await onHand('kim-ma', 'mi-tom')];
		await s.stock.transfer(district, 'kho-quan', { item: 'mi-tom', quantity: 100, to: 'kim-ma' });
		expect([await onHand('kho-quan', 'mi-tom'), await onHand('kim-ma', 'mi-tom')]).toEqual([a - 100, b + 100]);
		const before = await counts();
		await expect(s.stock.transfer(district, 'kho-quan', { item: 'mi-tom', quantity: 1_000_000, to: 'kim-ma' })).rejects.toBeInstanceOf(ValidationError);
		expect([await onHand('kho-quan', 'mi-tom'), await onHand('kim-ma', 'mi-tom')]).toEqual([a - 100, b + 100]);
		expect(await counts()).toEqual(before);
	});

	it('refuses bad entries: zero, fractions, unknown item or warehouse, transfer to itself', async () => {
		const codes = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof ValidationError ? e.errors.map((x) => x.code) : e instanceof NotFoundError ? 'not_found' : String(e)));
		expect(await codes(s.stock.receive(kimMa, 'kim-ma', { item: 'gao', quantity: 0 }))).toEqual(['not_positive']);
		expect(await codes(s.stock.receive(kimMa, 'kim-ma', { item: 'gao', quantity: 1.5 }))).toEqual(['not_integer']);
		expect(await codes(s.stock.receive(kimMa, 'kim-ma', { item: 'vang', quantity: 1 }))).toEqual(['unknown_item']);
		expect(await codes(s.stock.receive(kimMa, 'khong-co', { item: 'gao', quantity: 1 }))).toBe('not_found');
		expect(await codes(s.stock.transfer(kimMa, 'kim-ma', { item: 'gao', quantity: 1, to: 'kim-ma' }))).toEqual(['same_warehouse']);
		expect(await codes(s.stock.issue(kimMa, 'kim-ma', { item: 'gao', quantity: 1, destinationKind: 'moon', destination: 'x' }))).toEqual(['invalid']);
	});

	it('an issue to households keeps how many aid packages it made up; one without says none', async () => {
		await s.stock.issue(kimMa, 'kim-ma', { item: 'gao', quantity: 90, destinationKind: 'households', destination: 'Tổ dân phố 3', packages: 9 });
		await s.stock.issue(kimMa, 'kim-ma', { item: 'gao', quantity: 10, destinationKind: 'households', destination: 'Tổ dân phố 4' });
		const rows = await t.database.db.select().from(stockMovements).where(eq(stockMovements.kind, 'issue')).orderBy(sql`${stockMovements.id} desc`).limit(2);
		expect(rows.map((r) => [r.quantity, r.packages])).toEqual([
			[-10, null],
			[-90, 9]
		]);
	});

	it('refuses packages by name, saving nothing: not to households, negative, not whole, too many, not a number', async () => {
		const before = await counts();
		const have = await onHand('kim-ma', 'gao');
		const fields = (body: Record<string, unknown>) =>
			s.stock.issue(kimMa, 'kim-ma', { item: 'gao', quantity: 10, destination: 'x', destinationKind: 'households', ...body }).then(
				() => null,
				(e: unknown) => (e instanceof ValidationError ? e.errors.map((x) => `${x.field}:${x.code}`) : String(e))
			);
		expect(await fields({ destinationKind: 'checkpoint', packages: 1 })).toEqual(['packages:households_only']);
		expect(await fields({ destinationKind: 'quarantine', packages: 0 })).toEqual(['packages:households_only']);
		expect(await fields({ packages: -1 })).toEqual(['packages:negative']);
		expect(await fields({ packages: 1.5 })).toEqual(['packages:not_integer']);
		expect(await fields({ packages: 10_000_001 })).toEqual(['packages:too_large']);
		expect(await fields({ packages: '5' })).toEqual(['packages:not_number']);
		expect(await onHand('kim-ma', 'gao')).toBe(have);
		expect(await counts()).toEqual(before);
	});

	it('a ward moves only its own warehouse\'s stock (the district warehouse needs the district)', async () => {
		await expect(s.stock.receive(kimMa, 'doi-can', { item: 'gao', quantity: 1 })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(s.stock.transfer(kimMa, 'kho-quan', { item: 'gao', quantity: 1, to: 'kim-ma' })).rejects.toBeInstanceOf(ForbiddenError);
		expect(new Set((await s.stock.levels(kimMa)).map((l) => l.warehouseCode))).toEqual(new Set(['kim-ma']));
	});

	it('racing issues never drive stock negative', async () => {
		await s.stock.receive(district, 'truc-bach', { item: 'khau-trang', quantity: 10 });
		const results = await Promise.allSettled(
			Array.from({ length: 8 }, () => s.stock.issue(district, 'truc-bach', { item: 'khau-trang', quantity: 3, destinationKind: 'checkpoint', destination: 'Chốt Quán Thánh' }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		expect(await onHand('truc-bach', 'khau-trang')).toBe(1);
		expect(await ledger('truc-bach', 'khau-trang')).toBe(1);
	});

	it('a retried entry with the same key counts once', async () => {
		const before = await onHand('kim-ma', 'dau-an');
		await s.stock.receive(kimMa, 'kim-ma', { item: 'dau-an', quantity: 12 }, 'tablet-km-stock-0001');
		await s.stock.receive(kimMa, 'kim-ma', { item: 'dau-an', quantity: 12 }, 'tablet-km-stock-0001');
		expect(await onHand('kim-ma', 'dau-an')).toBe(before + 12);
	});

	it('a restart does not add the opening stock again', async () => {
		const before = await onHand('kho-quan', 'gao');
		await s.stock.sync((await readCompanionFile(BA_DINH, 'stock', stockFile))!);
		expect(await onHand('kho-quan', 'gao')).toBe(before);
	});
});
