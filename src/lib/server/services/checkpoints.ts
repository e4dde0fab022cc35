/**
 * Checkpoint staffing: check-ins and check-outs by the checkpoint's people. The database's
 * partial unique index decides "one person, one checkpoint at a time", even for racing check-ins.
 * A check-in belongs to its shift: once the shift has ended it no longer counts (the views split
 * by the clock), and the next shift's leader closes it at the shift's end or carries it over.
 * authorize → idempotency key → transaction (lock the duty row) → domain rule → update + audit + outbox → publish.
 */
import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { fieldError } from '../../contracts/errors.ts';
import { parseCheckIn, parseCheckOut, parseShiftEnd, type CheckpointsFile } from '../../contracts/checkpoints.ts';
import type { CheckpointView, LiveEvent } from '../../contracts/live.ts';
import { actorLabel, can, type Principal } from '../../domain/access.ts';
import { checkDefinition, checkShiftEnded, currentShift, definitionRefusalMessage, dutyElsewhereDetail, dutyShift, shiftEnd, shiftKeyLabel } from '../../domain/checkpoint.ts';
import { checkpoints, dutyRecords } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, RuleRefusedError, ValidationError, valid } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { EventBus } from '../realtime/bus.ts';
import type { District } from './district.ts';
import { checkEnteredAt } from '../../contracts/entry-time.ts';
import { record } from './audit.ts';
import { once, parseIdempotencyKey } from './idempotency.ts';
import { appendEvent } from './outbox.ts';

const toDuty = (d: typeof dutyRecords.$inferSelect): CheckpointView['onDuty'][number] => ({
	id: d.id,
	personName: d.personName,
	force: d.force,
	shiftKey: d.shiftKey,
	carriedOverTo: d.carriedOverTo,
	checkedInAt: d.checkedInAt.toISOString()
});

function isUniqueViolation(err: unknown): boolean {
	const e = err as { code?: string; cause?: { code?: string } };
	return e?.code === '23505' || e?.cause?.code === '23505';
}

export function createCheckpointService(deps: { db: Db; bus: EventBus; district: District; inflight: Inflight; clock: () => Date }) {
	const { db, bus, district, inflight, clock } = deps;

	async function view(reader: Db | Tx, code: string): Promise<CheckpointView> {
		const [c] = await reader.select().from(checkpoints).where(eq(checkpoints.code, code));
		if (!c) throw new NotFoundError('checkpoint', code);
		const duty = await reader
			.select()
			.from(dutyRecords)
			.where(and(eq(dutyRecords.checkpointCode, code), isNull(dutyRecords.checkedOutAt)))
			.orderBy(asc(dutyRecords.checkedInAt));
		return { ...c, onDuty: duty.map(toDuty) };
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
		if (refusal) throw new RuleRefusedError([fieldError('dutyId', 'shift_not_ended', `${shiftKeyLabel(refusal.shiftKey).vi} / ${shiftKeyLabel(refusal.shiftKey).en}`)]);
		return d;
	}

	async function write<T>(actor: Principal, code: string, key: string | null | undefined, operation: string, entry: unknown, change: (tx: Tx) => Promise<{ result: T; audit: { entityId: string; before?: unknown; after: unknown } }>): Promise<T> {
		const [c] = await db.select().from(checkpoints).where(eq(checkpoints.code, code));
		if (!c) throw new NotFoundError('checkpoint', code);
		if (!can(actor, 'ward:write', c.wardCode)) throw new ForbiddenError('ward:write');
		const idem = parseIdempotencyKey(key);
		const { outcome, replayed, event } = await inflight.run(() =>
			db.transaction(async (tx) => {
				let event: LiveEvent | null = null;
				const r = await once(tx, idem, actor, operation, { checkpoint: code, entry }, async () => {
					const { result, audit } = await change(tx);
					await record(tx, actor, { action: operation, entity: 'checkpoint', entityId: audit.entityId, wardCode: c.wardCode, before: audit.before, after: audit.after });
					event = await appendEvent(tx, { type: 'checkpoints:changed', wardCode: c.wardCode, checkpoint: await view(tx, code) });
					return result;
				});
				return { ...r, event: event as LiveEvent | null };
			})
		);
		if (!replayed && event) bus.publish(event);
		return outcome;
	}

	return {
		async sync(file: CheckpointsFile): Promise<void> {
			await db.transaction(async (tx) => {
				for (const c of file.checkpoints) {
					if (!district.ward(c.wardCode)) throw new Error(`checkpoint ${c.code}: unknown ward ${c.wardCode}`);
					// The file's schema refuses it already; a file given in code is held to the same rule.
					const refusal = checkDefinition(c);
					if (refusal) throw new Error(definitionRefusalMessage(c, refusal));
					const row = { ...c, required: c.required as Record<string, number>, demo: file.demo };
					await tx.insert(checkpoints).values(row).onConflictDoUpdate({ target: checkpoints.code, set: row });
				}
			});
		},

		/** Checkpoints the actor may read: one ward's, or every one (ward undefined). */
		/** Who is on duty now — or, with `asOf`, who was at that instant (situation reports). */
		async list(actor: Principal, wardCode?: string, reader: Db | Tx = db, asOf?: Date): Promise<CheckpointView[]> {
			const rows = await reader.select().from(checkpoints).orderBy(asc(checkpoints.wardCode), asc(checkpoints.code));
			const visible = rows.filter((c) => (wardCode === undefined || c.wardCode === wardCode) && can(actor, 'ward:read', c.wardCode));
			const open = await reader
				.select()
				.from(dutyRecords)
				.where(
					asOf
						? and(lte(dutyRecords.checkedInAt, asOf), or(isNull(dutyRecords.checkedOutAt), gt(dutyRecords.checkedOutAt, asOf)))
						: isNull(dutyRecords.checkedOutAt)
				)
				.orderBy(asc(dutyRecords.checkedInAt));
			return visible.map((c) => ({
				...c,
				onDuty: open
					.filter((d) => d.checkpointCode === c.code)
					.map(toDuty)
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
						const notEnded = checkShiftEnded(already, clock()) === null ? 'chưa kết thúc ca trước — đóng ca cũ hoặc chuyển sang ca này / not ended from an earlier shift — close it or carry it over' : undefined;
						const detail = [dutyElsewhereDetail(actor, already), notEnded].filter(Boolean).join(' · ') || undefined;
						throw new ValidationError([fieldError('personKey', 'already_on_duty', detail)]);
					}
					const [d] = await tx
						.insert(dutyRecords)
						.values({ checkpointCode: code, personKey: v.personKey, personName: v.personName, force: v.force, shiftKey: currentShift(clock()).key, checkedInAt: clock(), checkedInEnteredAt: enteredAt, actorName: actorLabel(actor).name })
						.returning();
					return { result: await view(tx, code), audit: { entityId: `${code}/${d!.id}`, after: { ...v, shiftKey: d!.shiftKey, enteredAt: enteredAt.toISOString() } } };
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
				return { result: await view(tx, code), audit: { entityId: `${code}/${d.id}`, after: { personName: d.personName, checkedOutAt: d.checkedOutAt, enteredAt: enteredAt.toISOString() } } };
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
		}
	};
}

export type CheckpointService = ReturnType<typeof createCheckpointService>;
