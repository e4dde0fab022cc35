/**
 * Stock: receipts, issues and transfers. Each movement locks the (warehouse, item) balance rows
 * it touches, checks the domain rule, appends movement rows, updates the balances, audits and
 * writes the outbox event — one transaction; a transfer's two legs commit together or not at all.
 */
import { and, asc, desc, eq, gt, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { fieldError } from '../../contracts/errors.ts';
import { parseIssue, parseReceipt, parseTransfer, type StockFile } from '../../contracts/stock.ts';
import { parseItemCreate, parseItemEdit, parseRetire, parseWarehouseCreate, parseWarehouseEdit } from '../../contracts/registry.ts';
import type { LiveEvent, StockLevel } from '../../contracts/live.ts';
import { actorLabel, can, homeWard, type Principal } from '../../domain/access.ts';
import { belowMinimum, daysOfSupply, shownDaysOfSupply, SUPPLY_WINDOW_DAYS, putIn, takeOut } from '../../domain/stock.ts';
import { formatCount } from '../../domain/time.ts';
import { stockBalances, stockItems, stockMovements, warehouses } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, RuleRefusedError, ValidationError, valid } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { EventBus } from '../realtime/bus.ts';
import type { District } from './district.ts';
import { checkEnteredAt } from '../../contracts/entry-time.ts';
import { ENTERED_AT_MAX_FUTURE_MS } from '../../domain/entry-time.ts';
import { authorize, createCommand } from './command.ts';
import type { Unsequenced } from './outbox.ts';
import { newId } from '../auth/secrets.ts';
import { wardWelfare } from './welfare.ts';

export interface WarehouseView {
	code: string;
	name: string;
	wardCode: string | null;
}

export interface MovementResult {
	levels: StockLevel[];
}

export function createStockService(deps: { db: Db; bus: EventBus; district: District; inflight: Inflight; clock: () => Date }) {
	const { db, district, clock } = deps;
	const command = createCommand(deps);

	/** `reader` must be the transaction when inside one: PGlite has one connection, a second query on `db` would wait forever. */
	async function warehouse(code: string, reader: Db | Tx = db) {
		const [w] = await reader.select().from(warehouses).where(eq(warehouses.code, code));
		if (!w) throw new NotFoundError('warehouse', code);
		return w;
	}

	async function item(code: string) {
		const [i] = await db.select().from(stockItems).where(eq(stockItems.code, code));
		if (!i) throw new ValidationError([fieldError('item', 'unknown_item')]);
		if (i.retiredAt) throw new RuleRefusedError([fieldError('item', 'retired', i.name)]);
		return i;
	}

	/** Locks (creating at 0 when missing) a balance row: concurrent movements of it run one at a time. */
	async function lockBalance(tx: Tx, warehouseCode: string, itemCode: string): Promise<number> {
		await tx.insert(stockBalances).values({ warehouseCode, itemCode, onHand: 0 }).onConflictDoNothing();
		const [b] = await tx
			.select()
			.from(stockBalances)
			.where(and(eq(stockBalances.warehouseCode, warehouseCode), eq(stockBalances.itemCode, itemCode)))
			.for('update');
		return b!.onHand;
	}

	async function move(
		tx: Tx,
		warehouseCode: string,
		itemCode: string,
		delta: number,
		row: Omit<typeof stockMovements.$inferInsert, 'warehouseCode' | 'itemCode' | 'quantity'>
	) {
		// Arrival at the services' clock, not the database's: an injected clock (tests, the back-fill) dates the ledger.
		await tx.insert(stockMovements).values({ at: clock(), ...row, warehouseCode, itemCode, quantity: delta });
		await tx
			.update(stockBalances)
			.set({ onHand: sql`${stockBalances.onHand} + ${delta}` })
			.where(and(eq(stockBalances.warehouseCode, warehouseCode), eq(stockBalances.itemCode, itemCode)));
	}

	/**
	 * An issue counts in the 7-day window by when it was entered on the device (issue 11 §6). The
	 * server never takes an entry made more than 5 minutes after it arrived, so an issue made since
	 * `since` arrived after `since` − 5 min: that bound on the arrival column keeps the read to the
	 * window (indexable) instead of every issue ever made.
	 */
	const madeAt = sql`coalesce(${stockMovements.enteredAt}, ${stockMovements.at})`;
	const madeSince = (since: Date) =>
		and(gte(stockMovements.at, new Date(since.getTime() - ENTERED_AT_MAX_FUTURE_MS)), sql`${madeAt} >= ${since.toISOString()}::timestamptz`);

	/** Levels of some warehouses (all when codes is null), with days of supply from the last 7 days' issues. */
	/**
	 * Levels now — or, with `asOf`, as they stood then (situation reports): the balance is then the
	 * ledger's sum up to that instant, which is what stock_balances holds for "now".
	 */
	async function levelsOf(reader: Db | Tx, codes: string[] | null, itemCodes: string[] | null = null, asOf?: Date): Promise<StockLevel[]> {
		const now = asOf ?? clock();
		const since = new Date(now.getTime() - SUPPLY_WINDOW_DAYS * 86_400_000);
		// Retired warehouses and items leave every level from their retirement on (before it, they counted).
		const standing = asOf ? or(isNull(stockItems.retiredAt), gt(stockItems.retiredAt, asOf)) : isNull(stockItems.retiredAt);
		const houseStanding = asOf ? or(isNull(warehouses.retiredAt), gt(warehouses.retiredAt, asOf)) : isNull(warehouses.retiredAt);
		const [items, houses, balances, issued] = await Promise.all([
			reader.select().from(stockItems).where(standing).orderBy(asc(stockItems.position)),
			reader.select().from(warehouses).where(houseStanding),
			asOf
				? reader
						.select({
							warehouseCode: stockMovements.warehouseCode,
							itemCode: stockMovements.itemCode,
							onHand: sql<number>`coalesce(sum(${stockMovements.quantity}), 0)::int`
						})
						.from(stockMovements)
						.where(lte(stockMovements.at, asOf))
						.groupBy(stockMovements.warehouseCode, stockMovements.itemCode)
				: reader.select().from(stockBalances),
			reader
				.select({ w: stockMovements.warehouseCode, i: stockMovements.itemCode, q: sql<number>`coalesce(sum(-${stockMovements.quantity}), 0)::int` })
				.from(stockMovements)
				.where(and(eq(stockMovements.kind, 'issue'), madeSince(since), asOf ? lte(stockMovements.at, asOf) : undefined))
				.groupBy(stockMovements.warehouseCode, stockMovements.itemCode)
		]);
		const bal = new Map(balances.map((b) => [`${b.warehouseCode}|${b.itemCode}`, Number(b.onHand)]));
		const iss = new Map(issued.map((r) => [`${r.w}|${r.i}`, Number(r.q)]));
		const out: StockLevel[] = [];
		for (const h of houses) {
			if (codes && !codes.includes(h.code)) continue;
			for (const it of items) {
				if (itemCodes && !itemCodes.includes(it.code)) continue;
				const onHand = bal.get(`${h.code}|${it.code}`) ?? 0;
				const issuedInWindow = iss.get(`${h.code}|${it.code}`) ?? 0;
				if (!bal.has(`${h.code}|${it.code}`) && issuedInWindow === 0) continue; // never stocked here
				const days = daysOfSupply(onHand, issuedInWindow);
				out.push({
					warehouseCode: h.code,
					warehouseName: h.name,
					wardCode: h.wardCode,
					itemCode: it.code,
					itemName: it.name,
					unit: it.unit,
					minDays: it.minDays,
					onHand,
					issuedLast7Days: issuedInWindow,
					daysOfSupply: shownDaysOfSupply(onHand, issuedInWindow),
					belowMinimum: belowMinimum(onHand, days, it.minDays)
				});
			}
		}
		return out;
	}

	/** One write: authorize on the SOURCE warehouse's ward, claim the idempotency key, publish after commit. */
	async function write(
		actor: Principal,
		warehouseCode: string,
		key: string | null | undefined,
		operation: string,
		/** The parsed entry: with the warehouse, what a retried key must carry again. */
		entry: unknown,
		change: (tx: Tx) => Promise<{
			audit: { before: unknown; after: unknown; entityId: string };
			touched: Array<[string, string]>;
			/** An issue to households: the ward (null: none named) whose welfare it changes. */
			welfareWard?: string | null;
		}>
	): Promise<MovementResult> {
		const w = await warehouse(warehouseCode);
		authorize(actor, 'ward:write', w.wardCode);
		if (w.retiredAt) throw new RuleRefusedError([fieldError('', 'retired', w.name)]);
		return command({
			actor,
			action: 'ward:write',
			ward: w.wardCode,
			key,
			operation,
			request: { warehouse: w.code, entry },
			run: async (tx) => {
				const { audit, touched, welfareWard } = await change(tx);
				const houses = [...new Set(touched.map(([h]) => h))];
				const levels = await levelsOf(tx, houses, [...new Set(touched.map(([, i]) => i))]);
				const events: Array<Unsequenced<LiveEvent>> = [];
				for (const h of houses) {
					const wh = h === w.code ? w : await warehouse(h, tx);
					events.push({ type: 'stock:moved', wardCode: wh.wardCode, levels: levels.filter((l) => l.warehouseCode === h) });
				}
				// Aid packages from stock count toward the receiving ward's welfare: its picture, live.
				if (welfareWard !== undefined) events.push({ type: 'welfare:reported', wardCode: welfareWard, welfare: await wardWelfare(tx, welfareWard, clock()) });
				return { result: { levels }, audit: [{ entity: 'stock', wardCode: w.wardCode, ...audit }], events };
			}
		});
	}

	const who = (actor: Principal) => actorLabel(actor).name;

	/**
	 * A registry change (issue 11 §3): admin or district commander, through the one write path.
	 */
	async function registryWrite<T>(
		actor: Principal,
		key: string | null | undefined,
		operation: string,
		entry: unknown,
		change: (
			tx: Tx
		) => Promise<{ result: T; audit: { entityId: string; wardCode: string | null; before: unknown; after: unknown }; events: Array<Unsequenced<LiveEvent>> }>
	): Promise<T> {
		return command({
			actor,
			action: 'registry:manage',
			key,
			operation,
			request: entry,
			run: async (tx) => {
				const { result, audit, events } = await change(tx);
				return { result, audit: [{ entity: 'stock', ...audit }], events };
			}
		});
	}

	/** Every standing warehouse's levels of the given items, one `stock:moved` per warehouse. */
	async function levelEvents(tx: Tx, houseCodes: string[] | null, itemCodes: string[] | null): Promise<Array<Unsequenced<LiveEvent>>> {
		const levels = await levelsOf(tx, houseCodes, itemCodes);
		const byHouse = new Map<string, StockLevel[]>();
		for (const l of levels) byHouse.set(l.warehouseCode, [...(byHouse.get(l.warehouseCode) ?? []), l]);
		return [...byHouse.values()].map((ls) => ({ type: 'stock:moved' as const, wardCode: ls[0]!.wardCode, levels: ls }));
	}

	async function codeFree(tx: Tx, table: typeof warehouses | typeof stockItems, code: string) {
		const [taken] = await tx.select({ code: table.code }).from(table).where(eq(table.code, code));
		if (taken) throw new RuleRefusedError([fieldError('code', 'code_taken', code)]);
	}

	async function lockedHouse(tx: Tx, code: string) {
		const [w] = await tx.select().from(warehouses).where(eq(warehouses.code, code)).for('update');
		if (!w) throw new NotFoundError('warehouse', code);
		if (w.retiredAt) throw new RuleRefusedError([fieldError('', 'retired', w.name)]);
		return w;
	}

	async function lockedItem(tx: Tx, code: string) {
		const [i] = await tx.select().from(stockItems).where(eq(stockItems.code, code)).for('update');
		if (!i) throw new NotFoundError('item', code);
		if (i.retiredAt) throw new RuleRefusedError([fieldError('', 'retired', i.name)]);
		return i;
	}

	/** Zero balances of every standing item in a warehouse (or of an item in every warehouse): the wall lists them at once. */
	async function openBalances(tx: Tx, houseCodes: string[], itemCodes: string[]) {
		for (const h of houseCodes)
			for (const i of itemCodes) await tx.insert(stockBalances).values({ warehouseCode: h, itemCode: i, onHand: 0 }).onConflictDoNothing();
	}

	async function standingCodes(tx: Tx) {
		const [houses, items] = await Promise.all([
			tx.select({ code: warehouses.code }).from(warehouses).where(isNull(warehouses.retiredAt)),
			tx.select({ code: stockItems.code }).from(stockItems).where(isNull(stockItems.retiredAt))
		]);
		return { houses: houses.map((h) => h.code), items: items.map((i) => i.code) };
	}

	return {
		/** Loads warehouses and items from the district's stock file; opening stock once, as system receipts. */
		async sync(file: StockFile): Promise<void> {
			// Outside the write path: seeding an empty database from the district's file, by no one.
			await db.transaction(async (tx) => {
				// The file seeds an empty database only: after that warehouses and items are managed at
				// run time (issue 11 §3), and a restart never undoes an edit or brings back a retired one.
				const [seeded] = await tx.select({ code: warehouses.code }).from(warehouses).limit(1);
				if (seeded) return;
				const houses = [
					{ code: file.districtWarehouse.code, name: file.districtWarehouse.name, wardCode: null as string | null },
					...district.wards.map((w) => ({ code: w.code, name: file.wardWarehouseName.replace('{ward}', w.name), wardCode: w.code as string | null }))
				];
				for (const h of houses)
					await tx
						.insert(warehouses)
						.values(h)
						.onConflictDoUpdate({ target: warehouses.code, set: { name: h.name, wardCode: h.wardCode } });
				for (const [position, it] of file.items.entries()) {
					const row = { ...it, position };
					await tx.insert(stockItems).values(row).onConflictDoUpdate({ target: stockItems.code, set: row });
				}
				const [any] = await tx.select({ id: stockMovements.id }).from(stockMovements).limit(1);
				if (any) return; // opening stock only into an empty ledger: a restart never adds stock
				const now = clock();
				for (const o of file.opening) {
					await tx.insert(stockBalances).values({ warehouseCode: o.warehouse, itemCode: o.item, onHand: 0 }).onConflictDoNothing();
					const note = file.demo ? 'Số dư đầu kỳ (dữ liệu minh họa)' : 'Số dư đầu kỳ';
					// Demo history: a week of issues at the stated rate, so days of supply has a rate to show.
					const days = o.issuedPerDay > 0 ? SUPPLY_WINDOW_DAYS : 0;
					const opening = o.quantity + o.issuedPerDay * days;
					await move(tx, o.warehouse, o.item, opening, {
						kind: 'receipt',
						counterparty: 'Số dư đầu kỳ',
						note,
						actorName: 'system',
						at: new Date(now.getTime() - (days + 1) * 86_400_000)
					});
					for (let d = days; d >= 1; d--) {
						await move(tx, o.warehouse, o.item, -o.issuedPerDay, {
							kind: 'issue',
							destinationKind: 'other',
							counterparty: 'Cấp phát (dữ liệu minh họa)',
							note,
							actorName: 'system',
							at: new Date(now.getTime() - d * 86_400_000 + 3_600_000)
						});
					}
				}
			});
		},

		async createWarehouse(actor: Principal, body: unknown, key?: string | null): Promise<WarehouseView> {
			const v = valid(parseWarehouseCreate(body));
			if (v.wardCode && !district.ward(v.wardCode)) throw new ValidationError([fieldError('wardCode', 'unknown_ward')]);
			return registryWrite(actor, key, 'stock.warehouse.create', v, async (tx) => {
				await codeFree(tx, warehouses, v.code);
				await tx.insert(warehouses).values(v);
				await openBalances(tx, [v.code], (await standingCodes(tx)).items);
				return { result: v, audit: { entityId: v.code, wardCode: v.wardCode, before: null, after: v }, events: await levelEvents(tx, [v.code], null) };
			});
		},

		async editWarehouse(actor: Principal, code: string, body: unknown, key?: string | null): Promise<WarehouseView> {
			const v = valid(parseWarehouseEdit(body));
			return registryWrite(actor, key, 'stock.warehouse.edit', { code, ...v }, async (tx) => {
				const w = await lockedHouse(tx, code);
				const [after] = await tx.update(warehouses).set(v).where(eq(warehouses.code, code)).returning();
				return {
					result: { code, name: after!.name, wardCode: after!.wardCode },
					audit: { entityId: code, wardCode: w.wardCode, before: { name: w.name }, after: v },
					events: await levelEvents(tx, [code], null)
				};
			});
		},

		/** Only an empty warehouse retires: stock never vanishes from the district's picture. */
		async retireWarehouse(actor: Principal, code: string, body: unknown, key?: string | null): Promise<WarehouseView> {
			const { reason } = valid(parseRetire(body));
			return registryWrite(actor, key, 'stock.warehouse.retire', { code, reason }, async (tx) => {
				const w = await lockedHouse(tx, code);
				const held = await tx
					.select()
					.from(stockBalances)
					.where(and(eq(stockBalances.warehouseCode, code), gt(stockBalances.onHand, 0)))
					.for('update');
				if (held.length)
					throw new RuleRefusedError([fieldError('', 'warehouse_not_empty', held.map((b) => `${b.itemCode}: ${formatCount(b.onHand)}`).join(', '))]);
				await tx.update(warehouses).set({ retiredAt: clock() }).where(eq(warehouses.code, code));
				return {
					result: { code, name: w.name, wardCode: w.wardCode },
					audit: { entityId: code, wardCode: w.wardCode, before: { name: w.name }, after: { retired: true, reason } },
					events: [{ type: 'stock:retired', wardCode: w.wardCode, warehouseCode: code, itemCode: null }]
				};
			});
		},

		async createItem(actor: Principal, body: unknown, key?: string | null) {
			const v = valid(parseItemCreate(body));
			return registryWrite(actor, key, 'stock.item.create', v, async (tx) => {
				await codeFree(tx, stockItems, v.code);
				const [last] = await tx.select({ p: sql<number>`coalesce(max(${stockItems.position}), -1)::int` }).from(stockItems);
				const [row] = await tx
					.insert(stockItems)
					.values({ ...v, position: Number(last?.p ?? -1) + 1 })
					.returning();
				await openBalances(tx, (await standingCodes(tx)).houses, [v.code]);
				return { result: row!, audit: { entityId: v.code, wardCode: null, before: null, after: v }, events: await levelEvents(tx, null, [v.code]) };
			});
		},

		async editItem(actor: Principal, code: string, body: unknown, key?: string | null) {
			const v = valid(parseItemEdit(body));
			return registryWrite(actor, key, 'stock.item.edit', { code, ...v }, async (tx) => {
				const i = await lockedItem(tx, code);
				const [after] = await tx.update(stockItems).set(v).where(eq(stockItems.code, code)).returning();
				return {
					result: after!,
					audit: { entityId: code, wardCode: null, before: { name: i.name, unit: i.unit, minDays: i.minDays }, after: v },
					events: await levelEvents(tx, null, [code])
				};
			});
		},

		/** Only an item no warehouse holds retires; its ledger stays. */
		async retireItem(actor: Principal, code: string, body: unknown, key?: string | null) {
			const { reason } = valid(parseRetire(body));
			return registryWrite(actor, key, 'stock.item.retire', { code, reason }, async (tx) => {
				const i = await lockedItem(tx, code);
				const held = await tx
					.select()
					.from(stockBalances)
					.where(and(eq(stockBalances.itemCode, code), gt(stockBalances.onHand, 0)))
					.for('update');
				if (held.length)
					throw new RuleRefusedError([fieldError('', 'item_in_stock', held.map((b) => `${b.warehouseCode}: ${formatCount(b.onHand)} ${i.unit}`).join(', '))]);
				const [after] = await tx.update(stockItems).set({ retiredAt: clock() }).where(eq(stockItems.code, code)).returning();
				const houses = await tx.select().from(warehouses).where(isNull(warehouses.retiredAt));
				return {
					result: after!,
					audit: { entityId: code, wardCode: null, before: { name: i.name }, after: { retired: true, reason } },
					events: houses.map((h) => ({ type: 'stock:retired' as const, wardCode: h.wardCode, warehouseCode: h.code, itemCode: code }))
				};
			});
		},

		/**
		 * Where a transfer may go: every standing warehouse of the district, by code and name only —
		 * the receiving side need not be the sender's, and no figures are shown. Any writer may ask.
		 */
		async transferTargets(actor: Principal): Promise<Array<{ code: string; name: string }>> {
			if (!can(actor, 'ward:write', homeWard(actor)) && !can(actor, 'ward:read', null)) throw new ForbiddenError('ward:write');
			return db.select({ code: warehouses.code, name: warehouses.name }).from(warehouses).where(isNull(warehouses.retiredAt)).orderBy(asc(warehouses.name));
		},

		async warehousesFor(actor: Principal, wardCode: string | null | undefined): Promise<WarehouseView[]> {
			const rows = await db.select().from(warehouses).where(isNull(warehouses.retiredAt)).orderBy(asc(warehouses.name));
			return rows.filter((w) => (wardCode === undefined || w.wardCode === wardCode) && can(actor, 'ward:read', w.wardCode));
		},

		async items() {
			return db.select().from(stockItems).where(isNull(stockItems.retiredAt)).orderBy(asc(stockItems.position));
		},

		/** Levels the actor may read: one ward's warehouse, the district's (ward null), or all (undefined). */
		async levels(actor: Principal, wardCode?: string | null, reader: Db | Tx = db, asOf?: Date): Promise<StockLevel[]> {
			const rows = await reader.select().from(warehouses);
			const codes = rows.filter((w) => (wardCode === undefined || w.wardCode === wardCode) && can(actor, 'ward:read', w.wardCode)).map((w) => w.code);
			return codes.length ? levelsOf(reader, codes, null, asOf) : [];
		},

		async movements(actor: Principal, warehouseCode: string, limit = 50) {
			const w = await warehouse(warehouseCode);
			if (!can(actor, 'ward:read', w.wardCode)) throw new ForbiddenError('ward:read');
			const rows = await db
				.select()
				.from(stockMovements)
				.where(eq(stockMovements.warehouseCode, warehouseCode))
				.orderBy(desc(stockMovements.at), desc(stockMovements.id))
				.limit(limit);
			return rows.map((m) => ({ ...m, at: m.at.toISOString(), enteredAt: m.enteredAt?.toISOString() ?? null }));
		},

		async receive(actor: Principal, warehouseCode: string, body: unknown, key?: string | null) {
			const v = valid(parseReceipt(body));
			const it = await item(v.item);
			return write(actor, warehouseCode, key, 'stock.receipt', v, async (tx) => {
				const enteredAt = valid(checkEnteredAt(v.enteredAt, clock()));
				const before = await lockBalance(tx, warehouseCode, it.code);
				const p = putIn(before, v.quantity);
				if (!p.ok)
					throw new ValidationError([fieldError('quantity', 'balance_too_large', `còn nhận được ${formatCount(p.room)} ${it.unit} / room for ${p.room}`)]);
				await move(tx, warehouseCode, it.code, v.quantity, { kind: 'receipt', counterparty: v.supplier, note: v.note, actorName: who(actor), enteredAt });
				return {
					audit: { entityId: `${warehouseCode}/${it.code}`, before: { onHand: before }, after: { onHand: before + v.quantity, ...v } },
					touched: [[warehouseCode, it.code]]
				};
			});
		},

		async issue(actor: Principal, warehouseCode: string, body: unknown, key?: string | null) {
			const v = valid(parseIssue(body));
			if (v.destinationWard && !district.ward(v.destinationWard)) throw new ValidationError([fieldError('destinationWard', 'unknown_ward')]);
			const it = await item(v.item);
			return write(actor, warehouseCode, key, 'stock.issue', v, async (tx) => {
				const enteredAt = valid(checkEnteredAt(v.enteredAt, clock()));
				const before = await lockBalance(tx, warehouseCode, it.code);
				const r = takeOut(before, v.quantity);
				if (!r.ok)
					throw new ValidationError([fieldError('quantity', 'not_enough_stock', `còn ${formatCount(r.available)} ${it.unit} / ${r.available} available`)]);
				// To households: the ward they belong to, kept with the movement (aid packages, issue 14 §2).
				const households = v.destinationKind === 'households';
				const destinationWardCode = households ? (v.destinationWard ?? (await warehouse(warehouseCode, tx)).wardCode) : null;
				await move(tx, warehouseCode, it.code, -v.quantity, {
					kind: 'issue',
					destinationKind: v.destinationKind,
					counterparty: v.destination,
					note: v.note,
					actorName: who(actor),
					enteredAt,
					destinationWardCode,
					packages: households ? (v.packages ?? null) : null
				});
				return {
					audit: { entityId: `${warehouseCode}/${it.code}`, before: { onHand: before }, after: { onHand: r.onHand, ...v } },
					touched: [[warehouseCode, it.code]],
					welfareWard: households ? destinationWardCode : undefined
				};
			});
		},

		/** Both legs or neither: the source is checked and locked, then the target, in one transaction. */
		async transfer(actor: Principal, warehouseCode: string, body: unknown, key?: string | null) {
			const v = valid(parseTransfer(body));
			if (v.to === warehouseCode) throw new ValidationError([fieldError('to', 'same_warehouse')]);
			const it = await item(v.item);
			const [target] = await db.select().from(warehouses).where(eq(warehouses.code, v.to));
			if (!target) throw new ValidationError([fieldError('to', 'unknown_warehouse')]);
			if (target.retiredAt) throw new RuleRefusedError([fieldError('to', 'retired', target.name)]);
			return write(actor, warehouseCode, key, 'stock.transfer', v, async (tx) => {
				const enteredAt = valid(checkEnteredAt(v.enteredAt, clock()));
				// Lock in a fixed order (by code) so two opposite transfers cannot deadlock.
				const [first, second] = [warehouseCode, v.to].sort();
				const onHand: Record<string, number> = {};
				onHand[first!] = await lockBalance(tx, first!, it.code);
				onHand[second!] = await lockBalance(tx, second!, it.code);
				const r = takeOut(onHand[warehouseCode]!, v.quantity);
				if (!r.ok)
					throw new ValidationError([fieldError('quantity', 'not_enough_stock', `còn ${formatCount(r.available)} ${it.unit} / ${r.available} available`)]);
				const p = putIn(onHand[v.to]!, v.quantity);
				if (!p.ok)
					throw new ValidationError([
						fieldError(
							'quantity',
							'balance_too_large',
							`kho nhận còn chứa được ${formatCount(p.room)} ${it.unit} / room for ${p.room} at the receiving warehouse`
						)
					]);
				const transferId = newId();
				await move(tx, warehouseCode, it.code, -v.quantity, {
					kind: 'transfer',
					transferId,
					counterparty: target.name,
					note: v.note,
					actorName: who(actor),
					enteredAt
				});
				await move(tx, v.to, it.code, v.quantity, {
					kind: 'transfer',
					transferId,
					counterparty: warehouseCode,
					note: v.note,
					actorName: who(actor),
					enteredAt
				});
				return {
					audit: { entityId: transferId, before: { from: onHand[warehouseCode], to: onHand[v.to] }, after: { ...v, from: warehouseCode } },
					touched: [
						[warehouseCode, it.code],
						[v.to, it.code]
					]
				};
			});
		}
	};
}

export type StockService = ReturnType<typeof createStockService>;
