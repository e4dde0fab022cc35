/**
 * Checkpoint staffing: check-ins and check-outs by the checkpoint's people. The database's
 * partial unique index decides "one person, one checkpoint at a time", even for racing check-ins.
 */
import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { fieldError } from '../../contracts/errors.ts';
import { parseCheckIn, parseCheckOut, type CheckpointsFile } from '../../contracts/checkpoints.ts';
import type { CheckpointView, LiveEvent } from '../../contracts/live.ts';
import { actorLabel, can, type Principal } from '../../domain/access.ts';
import { currentShift, dutyElsewhereDetail } from '../../domain/checkpoint.ts';
import { checkpoints, dutyRecords } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, ValidationError, valid } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { EventBus } from '../realtime/bus.ts';
import type { District } from './district.ts';
import { checkEnteredAt } from '../../contracts/entry-time.ts';
import { record } from './audit.ts';
import { once, parseIdempotencyKey } from './idempotency.ts';
import { appendEvent } from './outbox.ts';

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
		return {
			...c,
			onDuty: duty.map((d) => ({ id: d.id, personName: d.personName, force: d.force, shiftKey: d.shiftKey, checkedInAt: d.checkedInAt.toISOString() }))
		};
	}

	async function write<T>(actor: Principal, code: string, key: string | null | undefined, operation: string, entry: unknown, change: (tx: Tx) => Promise<{ result: T; audit: { entityId: string; after: unknown } }>): Promise<T> {
		const [c] = await db.select().from(checkpoints).where(eq(checkpoints.code, code));
		if (!c) throw new NotFoundError('checkpoint', code);
		if (!can(actor, 'ward:write', c.wardCode)) throw new ForbiddenError('ward:write');
		const idem = parseIdempotencyKey(key);
		const { outcome, replayed, event } = await inflight.run(() =>
			db.transaction(async (tx) => {
				let event: LiveEvent | null = null;
				const r = await once(tx, idem, actor, operation, { checkpoint: code, entry }, async () => {
					const { result, audit } = await change(tx);
					await record(tx, actor, { action: operation, entity: 'checkpoint', entityId: audit.entityId, wardCode: c.wardCode, after: audit.after });
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
					.map((d) => ({ id: d.id, personName: d.personName, force: d.force, shiftKey: d.shiftKey, checkedInAt: d.checkedInAt.toISOString() }))
			}));
		},

		async checkIn(actor: Principal, code: string, body: unknown, key?: string | null): Promise<CheckpointView> {
			const v = valid(parseCheckIn(body));
			try {
				return await write(actor, code, key, 'checkpoint.check_in', v, async (tx) => {
					const enteredAt = valid(checkEnteredAt(v.enteredAt, clock()));
					const [already] = await tx
						.select({ name: checkpoints.name, wardCode: checkpoints.wardCode })
						.from(dutyRecords)
						.innerJoin(checkpoints, eq(checkpoints.code, dutyRecords.checkpointCode))
						.where(and(eq(dutyRecords.personKey, v.personKey), isNull(dutyRecords.checkedOutAt)));
					if (already) throw new ValidationError([fieldError('personKey', 'already_on_duty', dutyElsewhereDetail(actor, already))]);
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
		}
	};
}

export type CheckpointService = ReturnType<typeof createCheckpointService>;
