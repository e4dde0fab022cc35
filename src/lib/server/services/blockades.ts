/**
 * Blockaded areas (issue 13 §1): open, edit, record a testing round, lift — each one command on the
 * write path (command.ts), so each is authorized, exactly once per device key, audited and live
 * (`blockades:changed`). A ward's people write their ward's; the district writes any. Nothing is
 * deleted: a lifted blockade stays as history and takes no further change.
 */
import { and, asc, desc, eq, gte, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { blockadeError, parseBlockadeCreate, parseBlockadeEdit, parseLift, parseTestRound } from '../../contracts/blockades.ts';
import { checkEnteredAt } from '../../contracts/entry-time.ts';
import { fieldError } from '../../contracts/errors.ts';
import { actorLabel, can, homeWard, seesDistrict, type Principal } from '../../domain/access.ts';
import { byRecency, checkFigures, checkOpen, checkRound, type Blockade, type BlockadeRefusal } from '../../domain/blockade.ts';
import { blockades, blockadeTestRounds, zoneChanges } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, RuleRefusedError, ValidationError, valid } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { EventBus } from '../realtime/bus.ts';
import { authorize, createCommand, type CommandResult } from './command.ts';
import type { District } from './district.ts';
import { recordZone } from './zones.ts';

type Row = typeof blockades.$inferSelect;
type RoundRow = typeof blockadeTestRounds.$inferSelect;

function toBlockade(b: Row, rounds: RoundRow[], zone: { from: string | null; at: Date } | undefined): Blockade {
	return {
		zoneFrom: zone?.from ?? null,
		zoneSince: zone?.at.toISOString() ?? null,
		id: b.id,
		wardCode: b.wardCode,
		name: b.name,
		address: b.address,
		zone: b.zone,
		startedAt: b.startedAt.toISOString(),
		people: b.people,
		households: b.households,
		rounds: rounds
			.filter((r) => r.blockadeId === b.id)
			.sort((x, y) => x.round - y.round)
			.map((r) => ({
				round: r.round,
				of: r.of,
				date: r.date,
				samples: r.samples,
				positives: r.positives,
				recordedBy: r.recordedBy,
				recordedAt: r.recordedAt.toISOString()
			})),
		liftedAt: b.liftedAt?.toISOString() ?? null,
		liftedBy: b.liftedBy,
		liftReference: b.liftReference,
		liftNote: b.liftNote,
		createdBy: b.createdBy,
		updatedAt: b.updatedAt.toISOString()
	};
}

const refused = (r: BlockadeRefusal | null) => {
	if (r) throw new RuleRefusedError([blockadeError(r)]);
};

export interface BlockadeListFilter {
	ward?: string;
	/** Also the lifted ones (newest first, after the active ones). */
	includeLifted?: boolean;
}

export function createBlockadeService(deps: { db: Db; bus: EventBus; district: District; inflight: Inflight; clock?: () => Date }) {
	const { db, district } = deps;
	const clock = deps.clock ?? (() => new Date());
	const command = createCommand(deps);

	/** Reads blockades with their rounds: two queries, whatever the number of blockades. */
	async function read(tx: Db | Tx, where: SQL | undefined): Promise<Blockade[]> {
		const rows = await tx.select().from(blockades).where(where);
		if (rows.length === 0) return [];
		const rounds = await tx
			.select()
			.from(blockadeTestRounds)
			.where(
				inArray(
					blockadeTestRounds.blockadeId,
					rows.map((r) => r.id)
				)
			)
			.orderBy(asc(blockadeTestRounds.round));
		// Each one's newest zone change (the subject index): where it came from, and since when.
		const keys = rows.map((r) => String(r.id));
		const zones = await tx
			.selectDistinctOn([zoneChanges.subjectKey], { key: zoneChanges.subjectKey, from: zoneChanges.fromZone, at: zoneChanges.at })
			.from(zoneChanges)
			.where(and(eq(zoneChanges.subject, 'blockade'), inArray(zoneChanges.subjectKey, keys)))
			.orderBy(zoneChanges.subjectKey, desc(zoneChanges.at), desc(zoneChanges.id));
		const zoneOf = new Map(zones.map((z) => [z.key, z]));
		return rows.map((r) => toBlockade(r, rounds, zoneOf.get(String(r.id)))).sort(byRecency);
	}

	async function one(tx: Db | Tx, id: number): Promise<Blockade> {
		const [b] = await read(tx, eq(blockades.id, id));
		if (!b) throw new NotFoundError('blockade', String(id));
		return b;
	}

	/**
	 * A change to one blockade: found (404 otherwise, before the ward is known there is nothing to
	 * authorize against), the principal may write its ward, the row locked so two devices' changes
	 * are judged one after the other, the result read back and published.
	 */
	async function change(
		actor: Principal,
		id: number,
		key: string | null | undefined,
		operation: string,
		request: unknown,
		apply: (tx: Tx, before: Blockade) => Promise<Record<string, unknown>>
	): Promise<Blockade> {
		const [row] = await db.select({ wardCode: blockades.wardCode }).from(blockades).where(eq(blockades.id, id));
		if (!row) throw new NotFoundError('blockade', String(id));
		authorize(actor, 'ward:write', row.wardCode);
		return command({
			actor,
			action: 'ward:write',
			ward: row.wardCode,
			key,
			operation,
			request: { id, ...(request as object) },
			run: async (tx): Promise<CommandResult<Blockade>> => {
				await tx.select({ id: blockades.id }).from(blockades).where(eq(blockades.id, id)).for('update');
				const before = await one(tx, id);
				const after = await apply(tx, before);
				await tx.update(blockades).set({ updatedAt: clock() }).where(eq(blockades.id, id));
				const result = await one(tx, id);
				return {
					result,
					audit: [{ entity: 'blockade', entityId: String(id), wardCode: row.wardCode, before: summary(before), after }],
					events: [{ type: 'blockades:changed', wardCode: row.wardCode, blockade: result }]
				};
			}
		});
	}

	return {
		/** The blockades `actor` may read: active ones (and, when asked, the lifted ones), newest first. */
		async list(actor: Principal, filter: BlockadeListFilter = {}, tx: Db | Tx = db): Promise<Blockade[]> {
			const ward = filter.ward ?? homeWard(actor) ?? undefined;
			if (ward !== undefined) {
				if (!district.ward(ward)) throw new NotFoundError('ward', ward);
				if (!can(actor, 'ward:read', ward)) throw new ForbiddenError('ward:read');
			} else if (!seesDistrict(actor)) throw new ForbiddenError('ward:read');
			const conditions = [ward !== undefined ? eq(blockades.wardCode, ward) : undefined, filter.includeLifted ? undefined : isNull(blockades.liftedAt)];
			return read(tx, and(...conditions));
		},

		/** Active at `at`, and those lifted since `since` (the report's "lifted since the last one"). */
		async asOf(at: Date, since: Date, tx: Db | Tx = db): Promise<Blockade[]> {
			const rows = await read(tx, or(isNull(blockades.liftedAt), gte(blockades.liftedAt, since)));
			return rows.filter((b) => new Date(b.startedAt).getTime() <= at.getTime());
		},

		async get(actor: Principal, id: number): Promise<Blockade> {
			const b = await one(db, id);
			if (!can(actor, 'ward:read', b.wardCode)) throw new ForbiddenError('ward:read');
			return b;
		},

		/** Opens a blockade `{ wardCode, name, address?, zone, startedAt, people, households }`. */
		async open(actor: Principal, body: unknown, key?: string | null): Promise<Blockade> {
			const wardCode = typeof body === 'object' && body !== null ? (body as { wardCode?: unknown }).wardCode : undefined;
			// A stranger is refused before the body is judged: a 403 must not reveal what was valid.
			if (typeof wardCode === 'string' && district.ward(wardCode)) authorize(actor, 'ward:write', wardCode);
			const v = valid(parseBlockadeCreate(body, district.view.zoneScheme));
			if (!district.ward(v.wardCode)) throw new ValidationError([fieldError('wardCode', 'unknown_ward', v.wardCode)]);
			const now = clock();
			const entered = valid(checkEnteredAt(v.enteredAt, now));
			const startedAt = new Date(v.startedAt);
			refused(checkFigures({ people: v.people, households: v.households, startedAt }, now));
			const who = actorLabel(actor).name;
			return command({
				actor,
				action: 'ward:write',
				ward: v.wardCode,
				key,
				operation: 'blockade.open',
				request: v,
				run: async (tx) => {
					const [row] = await tx
						.insert(blockades)
						.values({
							wardCode: v.wardCode,
							name: v.name,
							address: v.address,
							zone: v.zone,
							startedAt,
							people: v.people,
							households: v.households,
							createdBy: who,
							createdAt: entered,
							updatedAt: now
						})
						.returning({ id: blockades.id });
					await recordZone(tx, { subject: 'blockade', key: String(row!.id), wardCode: v.wardCode }, null, v.zone, startedAt);
					const result = await one(tx, row!.id);
					return {
						result,
						audit: [{ entity: 'blockade', entityId: String(row!.id), wardCode: v.wardCode, before: null, after: summary(result) }],
						events: [{ type: 'blockades:changed', wardCode: v.wardCode, blockade: result }]
					};
				}
			});
		},

		/** Name, address, zone, people, households of an active blockade; the figures are checked on the result. */
		async edit(actor: Principal, id: number, body: unknown, key?: string | null): Promise<Blockade> {
			const v = valid(parseBlockadeEdit(body, district.view.zoneScheme));
			const entered = valid(checkEnteredAt(v.enteredAt, clock()));
			const { enteredAt: _entered, ...changes } = v;
			return change(actor, id, key, 'blockade.edit', v, async (tx, before) => {
				refused(checkOpen(before));
				const people = v.people ?? before.people;
				const households = v.households ?? before.households;
				refused(checkFigures({ people, households }, clock()));
				const set = Object.fromEntries(Object.entries(changes).filter(([, x]) => x !== undefined));
				await tx.update(blockades).set(set).where(eq(blockades.id, id));
				if (v.zone) await recordZone(tx, { subject: 'blockade', key: String(id), wardCode: before.wardCode }, before.zone, v.zone, entered);
				return set;
			});
		},

		/** Round n of m `{ round, of, date, samples, positives }`: the next one, within the blockade's days. */
		async recordRound(actor: Principal, id: number, body: unknown, key?: string | null): Promise<Blockade> {
			const v = valid(parseTestRound(body));
			const now = clock();
			const entered = valid(checkEnteredAt(v.enteredAt, now));
			const who = actorLabel(actor).name;
			return change(actor, id, key, 'blockade.test_round', v, async (tx, before) => {
				refused(checkRound(before, v, now));
				await tx
					.insert(blockadeTestRounds)
					.values({ blockadeId: id, round: v.round, of: v.of, date: v.date, samples: v.samples, positives: v.positives, recordedBy: who, recordedAt: entered });
				return { round: v.round, of: v.of, date: v.date, samples: v.samples, positives: v.positives };
			});
		},

		/** Lifts an active blockade by a decision `{ reference, note? }`, at the time it was entered. */
		async lift(actor: Principal, id: number, body: unknown, key?: string | null): Promise<Blockade> {
			const v = valid(parseLift(body));
			const entered = valid(checkEnteredAt(v.enteredAt, clock()));
			const who = actorLabel(actor).name;
			return change(actor, id, key, 'blockade.lift', v, async (tx, before) => {
				refused(checkOpen(before));
				await tx.update(blockades).set({ liftedAt: entered, liftedBy: who, liftReference: v.reference, liftNote: v.note }).where(eq(blockades.id, id));
				return { liftedAt: entered.toISOString(), reference: v.reference, note: v.note };
			});
		}
	};
}

/** What the audit row keeps of a blockade (its rounds are audited one by one). */
function summary(b: Blockade): Record<string, unknown> {
	return { name: b.name, address: b.address, zone: b.zone, startedAt: b.startedAt, people: b.people, households: b.households, liftedAt: b.liftedAt };
}

export type BlockadeService = ReturnType<typeof createBlockadeService>;
