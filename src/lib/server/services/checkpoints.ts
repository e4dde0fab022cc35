/**
 * Checkpoint staffing: check-ins and check-outs by the checkpoint's people. The database's
 * partial unique index decides "one person, one checkpoint at a time", even for racing check-ins.
 * A check-in belongs to its shift: once the shift has ended it no longer counts (the views split
 * by the clock), and the next shift's leader closes it at the shift's end or carries it over.
 * authorize → idempotency key → transaction (lock the duty row) → domain rule → update + audit + outbox → publish.
 */
import { and, asc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { fieldError } from '../../contracts/errors.ts';
import { parseCheckIn, parseCheckOut, parseShiftEnd, type CheckpointsFile } from '../../contracts/checkpoints.ts';
import type { CheckpointView } from '../../contracts/live.ts';
import { actorLabel, can, type Principal } from '../../domain/access.ts';
import { definitionRefusalMessage } from '../../i18n/errors.ts';
import {
	checkBlockadeLink,
	checkDefinition,
	checkShiftEnded,
	currentShift,
	dutyElsewhereDetail,
	dutyShift,
	shiftEnd,
	shiftKeyLabel,
	type LinkedBlockade
} from '../../domain/checkpoint.ts';
import { blockades, checkpoints, dutyRecords } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { NotFoundError, RuleRefusedError, ValidationError, valid } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { EventBus } from '../realtime/bus.ts';
import type { District } from './district.ts';
import { checkEnteredAt } from '../../contracts/entry-time.ts';
import { authorize, createCommand } from './command.ts';
import { parseCheckpointCreate, parseCheckpointEdit, parseRetire } from '../../contracts/registry.ts';

const toDuty = (d: typeof dutyRecords.$inferSelect): CheckpointView['onDuty'][number] => ({
	id: d.id,
	personName: d.personName,
	force: d.force,
	shiftKey: d.shiftKey,
	carriedOverTo: d.carriedOverTo,
	checkedInAt: d.checkedInAt.toISOString()
});

/** The blockades these checkpoints name, by id: one query, whatever their number. */
async function linkedBlockades(reader: Db | Tx, ids: ReadonlyArray<number | null>): Promise<Map<number, LinkedBlockade>> {
	const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
	if (wanted.length === 0) return new Map();
	const rows = await reader
		.select({ id: blockades.id, name: blockades.name, liftedAt: blockades.liftedAt })
		.from(blockades)
		.where(inArray(blockades.id, wanted));
	return new Map(rows.map((b) => [b.id, { id: b.id, name: b.name, liftedAt: b.liftedAt?.toISOString() ?? null }]));
}

/**
 * The link rule (domain checkBlockadeLink) on a checkpoint as it will be, the blockade read and
 * locked in the same transaction (a lift racing a new link is decided one after the other). A
 * blockade that does not exist, is another ward's or is on a checkpoint of another kind is a bad
 * request; a lifted one newly linked is refused by the rule.
 */
async function checkLink(tx: Tx, checkpoint: { kind: string; wardCode: string }, blockadeId: number | null, current: number | null): Promise<void> {
	const [found] =
		blockadeId === null
			? []
			: await tx.select({ wardCode: blockades.wardCode, liftedAt: blockades.liftedAt }).from(blockades).where(eq(blockades.id, blockadeId)).for('update');
	const r = checkBlockadeLink(checkpoint, blockadeId, found ?? null, current);
	if (!r) return;
	const error = [fieldError(r.field, r.code)];
	throw r.code === 'blockade_already_lifted' ? new RuleRefusedError(error) : new ValidationError(error);
}

function isUniqueViolation(err: unknown): boolean {
	const e = err as { code?: string; cause?: { code?: string } };
	return e?.code === '23505' || e?.cause?.code === '23505';
}

export function createCheckpointService(deps: { db: Db; bus: EventBus; district: District; inflight: Inflight; clock: () => Date }) {
	const { db, district, clock } = deps;
	const command = createCommand(deps);

	async function view(reader: Db | Tx, code: string): Promise<CheckpointView> {
		const [c] = await reader.select().from(checkpoints).where(eq(checkpoints.code, code));
		if (!c) throw new NotFoundError('checkpoint', code);
		const duty = await reader
			.select()
			.from(dutyRecords)
			.where(and(eq(dutyRecords.checkpointCode, code), isNull(dutyRecords.checkedOutAt)))
			.orderBy(asc(dutyRecords.checkedInAt));
		const { retiredAt, blockadeId, ...rest } = c;
		const blockade = (await linkedBlockades(reader, [blockadeId])).get(blockadeId ?? 0) ?? null;
		return { ...rest, blockade, onDuty: duty.map(toDuty), ...(retiredAt ? { retired: true as const } : {}) };
	}

	/**
	 * The open check-in `dutyId` of this checkpoint, locked (a close and a carry-over racing are
	 * decided one after the other), whose shift has ended: else refused, nothing changed.
	 */
	async function endedDuty(tx: Tx, code: string, dutyId: number) {
		const [d] = await tx
			.select()
			.from(dutyRecords)
			.where(and(eq(dutyRecords.id, dutyId), eq(dutyRecords.checkpointCode, code), isNull(dutyRecords.checkedOutAt)))
			.for('update');
		if (!d) throw new ValidationError([fieldError('dutyId', 'already_checked_out')]);
		const refusal = checkShiftEnded(d, clock());
		if (refusal)
			throw new RuleRefusedError([fieldError('dutyId', 'shift_not_ended', `${shiftKeyLabel(refusal.shiftKey).vi} / ${shiftKeyLabel(refusal.shiftKey).en}`)]);
		return d;
	}

	/**
	 * One command on one checkpoint: its ward's people (`ward:write`) or, for the registry, the
	 * district's; audited and announced as `checkpoints:changed` with the checkpoint as it now is.
	 */
	async function write<T>(
		actor: Principal,
		code: string,
		key: string | null | undefined,
		operation: string,
		entry: unknown,
		change: (tx: Tx) => Promise<{ result: T; audit: { entityId: string; before?: unknown; after: unknown } }>,
		action: 'ward:write' | 'registry:manage' = 'ward:write'
	): Promise<T> {
		const [c] = await db.select().from(checkpoints).where(eq(checkpoints.code, code));
		if (!c) throw new NotFoundError('checkpoint', code);
		authorize(actor, action, c.wardCode);
		// A retired checkpoint keeps its history and takes no more duty.
		if (c.retiredAt) throw new RuleRefusedError([fieldError('', 'retired', c.name)]);
		return command({
			actor,
			action,
			ward: c.wardCode,
			key,
			operation,
			request: { checkpoint: code, entry },
			run: async (tx) => {
				const { result, audit } = await change(tx);
				const after = await view(tx, code);
				return {
					result,
					audit: [{ entity: 'checkpoint', wardCode: c.wardCode, ...audit }],
					events: [{ type: 'checkpoints:changed', wardCode: c.wardCode, checkpoint: after, ...(after.retired ? { retired: true as const } : {}) }]
				};
			}
		});
	}

	/** The police rule on a definition, as the refusal the API and the page show. */
	function definitionError(def: { kind: string; required: Record<string, number> }) {
		const r = checkDefinition(def);
		return r ? new ValidationError([fieldError(r.field, r.code)]) : null;
	}

	return {
		/**
		 * Seeds the checkpoints file into an empty database; after that checkpoints are managed at run
		 * time (issue 11 §3) and a restart never undoes an edit or brings back a retired one.
		 */
		async sync(file: CheckpointsFile): Promise<void> {
			// The whole file is held to the rules first, seeded or not: a bad file fails the start.
			for (const c of file.checkpoints) {
				if (!district.ward(c.wardCode)) throw new Error(`checkpoint ${c.code}: unknown ward ${c.wardCode}`);
				// The file's schema refuses it already; a file given in code is held to the same rule.
				const refusal = checkDefinition(c);
				if (refusal) throw new Error(definitionRefusalMessage(c, refusal));
			}
			// Outside the write path: seeding an empty database from the district's file, by no one.
			await db.transaction(async (tx) => {
				const [seeded] = await tx.select({ code: checkpoints.code }).from(checkpoints).limit(1);
				if (seeded) return;
				for (const c of file.checkpoints) {
					const row = { ...c, required: c.required as Record<string, number>, demo: file.demo };
					await tx.insert(checkpoints).values(row).onConflictDoUpdate({ target: checkpoints.code, set: row });
				}
			});
		},

		/** Checkpoints the actor may read: one ward's, or every one (ward undefined). */
		/** Who is on duty now — or, with `asOf`, who was at that instant (situation reports). */
		async list(actor: Principal, wardCode?: string, reader: Db | Tx = db, asOf?: Date): Promise<CheckpointView[]> {
			const rows = await reader.select().from(checkpoints).orderBy(asc(checkpoints.wardCode), asc(checkpoints.code));
			// A retired checkpoint leaves every list and total from its retirement on.
			const standing = (c: (typeof rows)[number]) => !c.retiredAt || (asOf !== undefined && c.retiredAt > asOf);
			const visible = rows.filter((c) => (wardCode === undefined || c.wardCode === wardCode) && standing(c) && can(actor, 'ward:read', c.wardCode));
			const open = await reader
				.select()
				.from(dutyRecords)
				.where(
					asOf
						? and(lte(dutyRecords.checkedInAt, asOf), or(isNull(dutyRecords.checkedOutAt), gt(dutyRecords.checkedOutAt, asOf)))
						: isNull(dutyRecords.checkedOutAt)
				)
				.orderBy(asc(dutyRecords.checkedInAt));
			const linked = await linkedBlockades(
				reader,
				visible.map((c) => c.blockadeId)
			);
			// As of a report's slot, a blockade lifted after it was still active then; its name is as now.
			const asThen = (b: LinkedBlockade | undefined): LinkedBlockade | null =>
				!b ? null : asOf && b.liftedAt !== null && new Date(b.liftedAt) > asOf ? { ...b, liftedAt: null } : b;
			return visible.map(({ retiredAt: _retired, blockadeId, ...c }) => ({
				...c,
				blockade: asThen(linked.get(blockadeId ?? 0)),
				onDuty: open.filter((d) => d.checkpointCode === c.code).map(toDuty)
			}));
		},

		async checkIn(actor: Principal, code: string, body: unknown, key?: string | null): Promise<CheckpointView> {
			const v = valid(parseCheckIn(body));
			try {
				return await write(actor, code, key, 'checkpoint.check_in', v, async (tx) => {
					const enteredAt = valid(checkEnteredAt(v.enteredAt, clock()));
					const [already] = await tx
						.select({ name: checkpoints.name, wardCode: checkpoints.wardCode, shiftKey: dutyRecords.shiftKey, carriedOverTo: dutyRecords.carriedOverTo })
						.from(dutyRecords)
						.innerJoin(checkpoints, eq(checkpoints.code, dutyRecords.checkpointCode))
						.where(and(eq(dutyRecords.personKey, v.personKey), isNull(dutyRecords.checkedOutAt)));
					if (already) {
						// Left open from an ended shift: say so, so the leader knows to close it or carry it over there.
						const notEnded =
							checkShiftEnded(already, clock()) === null
								? 'chưa kết thúc ca trước — đóng ca cũ hoặc chuyển sang ca này / not ended from an earlier shift — close it or carry it over'
								: undefined;
						const detail = [dutyElsewhereDetail(actor, already), notEnded].filter(Boolean).join(' · ') || undefined;
						throw new ValidationError([fieldError('personKey', 'already_on_duty', detail)]);
					}
					const [d] = await tx
						.insert(dutyRecords)
						.values({
							checkpointCode: code,
							personKey: v.personKey,
							personName: v.personName,
							force: v.force,
							shiftKey: currentShift(clock()).key,
							checkedInAt: clock(),
							checkedInEnteredAt: enteredAt,
							actorName: actorLabel(actor).name
						})
						.returning();
					return {
						result: await view(tx, code),
						audit: { entityId: `${code}/${d!.id}`, after: { ...v, shiftKey: d!.shiftKey, enteredAt: enteredAt.toISOString() } }
					};
				});
			} catch (err) {
				// Two check-ins of the same person raced: the index let one through.
				if (isUniqueViolation(err)) throw new ValidationError([fieldError('personKey', 'already_on_duty')]);
				throw err;
			}
		},

		async checkOut(actor: Principal, code: string, body: unknown, key?: string | null): Promise<CheckpointView> {
			const { dutyId, enteredAt: entered } = valid(parseCheckOut(body));
			return write(actor, code, key, 'checkpoint.check_out', entered === undefined ? { dutyId } : { dutyId, enteredAt: entered }, async (tx) => {
				const enteredAt = valid(checkEnteredAt(entered, clock()));
				const [d] = await tx
					.update(dutyRecords)
					.set({ checkedOutAt: clock(), checkedOutEnteredAt: enteredAt })
					.where(and(eq(dutyRecords.id, dutyId), eq(dutyRecords.checkpointCode, code), isNull(dutyRecords.checkedOutAt)))
					.returning();
				if (!d) throw new ValidationError([fieldError('dutyId', 'already_checked_out')]);
				return {
					result: await view(tx, code),
					audit: { entityId: `${code}/${d.id}`, after: { personName: d.personName, checkedOutAt: d.checkedOutAt, enteredAt: enteredAt.toISOString() } }
				};
			});
		},

		/**
		 * A check-in left open from an ended shift (chưa kết thúc ca), closed by the next shift's
		 * leader: checked out at the end of the last shift it counted in, not at the time of closing.
		 */
		async closeShift(actor: Principal, code: string, body: unknown, key?: string | null): Promise<CheckpointView> {
			const { dutyId, enteredAt: entered } = valid(parseShiftEnd(body));
			return write(actor, code, key, 'checkpoint.close_shift', entered === undefined ? { dutyId } : { dutyId, enteredAt: entered }, async (tx) => {
				const enteredAt = valid(checkEnteredAt(entered, clock()));
				const d = await endedDuty(tx, code, dutyId);
				const [after] = await tx
					.update(dutyRecords)
					.set({ checkedOutAt: shiftEnd(dutyShift(d)), checkedOutEnteredAt: enteredAt })
					.where(eq(dutyRecords.id, d.id))
					.returning();
				return {
					result: await view(tx, code),
					audit: {
						entityId: `${code}/${d.id}`,
						before: { personName: d.personName, force: d.force, shiftKey: d.shiftKey, carriedOverTo: d.carriedOverTo, checkedOutAt: null },
						after: { personName: d.personName, checkedOutAt: after!.checkedOutAt, closedAtShiftEnd: dutyShift(d), enteredAt: enteredAt.toISOString() }
					}
				};
			});
		},

		/**
		 * A check-in left open from an ended shift whose person stays on: it counts in the running
		 * shift (and is "not ended" again after it, unless checked out).
		 */
		async carryOver(actor: Principal, code: string, body: unknown, key?: string | null): Promise<CheckpointView> {
			const { dutyId, enteredAt: entered } = valid(parseShiftEnd(body));
			return write(actor, code, key, 'checkpoint.carry_over', entered === undefined ? { dutyId } : { dutyId, enteredAt: entered }, async (tx) => {
				const enteredAt = valid(checkEnteredAt(entered, clock()));
				const d = await endedDuty(tx, code, dutyId);
				const to = currentShift(clock()).key;
				await tx.update(dutyRecords).set({ carriedOverTo: to }).where(eq(dutyRecords.id, d.id));
				return {
					result: await view(tx, code),
					audit: {
						entityId: `${code}/${d.id}`,
						before: { personName: d.personName, force: d.force, shiftKey: d.shiftKey, carriedOverTo: d.carriedOverTo },
						after: { personName: d.personName, force: d.force, shiftKey: d.shiftKey, carriedOverTo: to, enteredAt: enteredAt.toISOString() }
					}
				};
			});
		},

		/** A new checkpoint (admin, district commander); the police rule holds from the first definition. */
		async register(actor: Principal, body: unknown, key?: string | null): Promise<CheckpointView> {
			authorize(actor, 'registry:manage');
			const v = valid(parseCheckpointCreate(body));
			if (!district.ward(v.wardCode)) throw new ValidationError([fieldError('wardCode', 'unknown_ward')]);
			return command({
				actor,
				action: 'registry:manage',
				key,
				operation: 'checkpoint.register',
				request: v,
				run: async (tx) => {
					const [taken] = await tx.select({ code: checkpoints.code }).from(checkpoints).where(eq(checkpoints.code, v.code));
					if (taken) throw new RuleRefusedError([fieldError('code', 'code_taken', v.code)]);
					await checkLink(tx, v, v.blockadeId, null);
					await tx.insert(checkpoints).values({ ...v, required: v.required as Record<string, number> });
					const after = await view(tx, v.code);
					return {
						result: after,
						audit: [{ entity: 'checkpoint', entityId: v.code, wardCode: v.wardCode, before: null, after: v }],
						events: [{ type: 'checkpoints:changed', wardCode: v.wardCode, checkpoint: after }]
					};
				}
			});
		},

		/** Name, kind, lead unit, who is required, the blockade it names: the police and link rules are checked on the result. */
		async edit(actor: Principal, code: string, body: unknown, key?: string | null): Promise<CheckpointView> {
			const v = valid(parseCheckpointEdit(body));
			return write(
				actor,
				code,
				key,
				'checkpoint.edit',
				v,
				async (tx) => {
					const [c] = await tx.select().from(checkpoints).where(eq(checkpoints.code, code)).for('update');
					const next = { kind: v.kind ?? c!.kind, required: (v.required ?? c!.required) as Record<string, number> };
					const refused = definitionError(next);
					if (refused) throw refused;
					await checkLink(tx, { kind: next.kind, wardCode: c!.wardCode }, v.blockadeId === undefined ? c!.blockadeId : v.blockadeId, c!.blockadeId);
					await tx
						.update(checkpoints)
						.set({ ...v, required: next.required })
						.where(eq(checkpoints.code, code));
					return {
						result: await view(tx, code),
						audit: {
							entityId: code,
							before: { name: c!.name, kind: c!.kind, leadUnit: c!.leadUnit, required: c!.required, blockadeId: c!.blockadeId },
							after: v
						}
					};
				},
				'registry:manage'
			);
		},

		/** Only a checkpoint no one is on duty at retires: its people would vanish from the count. */
		async retire(actor: Principal, code: string, body: unknown, key?: string | null): Promise<CheckpointView> {
			const { reason } = valid(parseRetire(body));
			return write(
				actor,
				code,
				key,
				'checkpoint.retire',
				{ reason },
				async (tx) => {
					const [c] = await tx.select().from(checkpoints).where(eq(checkpoints.code, code)).for('update');
					const open = await tx
						.select({ name: dutyRecords.personName })
						.from(dutyRecords)
						.where(and(eq(dutyRecords.checkpointCode, code), isNull(dutyRecords.checkedOutAt)));
					if (open.length) throw new RuleRefusedError([fieldError('', 'checkpoint_staffed', open.map((d) => d.name).join(', '))]);
					await tx.update(checkpoints).set({ retiredAt: clock() }).where(eq(checkpoints.code, code));
					return { result: await view(tx, code), audit: { entityId: code, before: { name: c!.name }, after: { retired: true, reason } } };
				},
				'registry:manage'
			);
		}
	};
}

export type CheckpointService = ReturnType<typeof createCheckpointService>;
