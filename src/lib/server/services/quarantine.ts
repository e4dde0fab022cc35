/**
 * Quarantine beds: facilities, admissions, discharges, capacity and status changes.
 * validate → lock the facility row → domain rule → update + movement + audit + outbox → publish.
 */
import { asc, desc, eq, lte } from 'drizzle-orm';
import { fieldError } from '../../contracts/errors.ts';
import type { FacilitiesFile } from '../../contracts/quarantine.ts';
import { parseMovement, parseStatus, transitionFieldErrors, type MovementView } from '../../contracts/quarantine.ts';
export type { MovementView };
import type { FacilityView, LiveEvent } from '../../contracts/live.ts';
import { actorLabel, can, type Principal } from '../../domain/access.ts';
import { applyMovement, bedSummary, checkTransition, type BedSummary, type FacilityStatus, type MovementRefusal, type TransitionRefusal } from '../../domain/quarantine.ts';
import { formatCount } from '../../domain/time.ts';
import { quarantineFacilities, quarantineMovements } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, RuleRefusedError, ValidationError, valid } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { EventBus } from '../realtime/bus.ts';
import type { District } from './district.ts';
import { checkEnteredAt } from '../../contracts/entry-time.ts';
import { record } from './audit.ts';
import { once, parseIdempotencyKey } from './idempotency.ts';
import { appendEvent } from './outbox.ts';


const toView = (f: typeof quarantineFacilities.$inferSelect): FacilityView => ({
	code: f.code,
	name: f.name,
	wardCode: f.wardCode,
	kind: f.kind,
	address: f.address,
	status: f.status as FacilityStatus,
	capacity: f.capacity,
	occupied: f.occupied,
	demo: f.demo,
	updatedAt: f.updatedAt.toISOString()
});

function refusalError(r: MovementRefusal) {
	switch (r.code) {
		case 'over_capacity':
			return fieldError('amount', 'over_capacity', `còn ${formatCount(r.free)} giường trống / ${r.free} beds free`);
		case 'below_zero':
			return fieldError('amount', 'below_zero', `đang có ${formatCount(r.occupied)} người / ${r.occupied} in the facility`);
		case 'capacity_below_occupied':
			return fieldError('amount', 'capacity_below_occupied', `đang có ${formatCount(r.occupied)} người / ${r.occupied} in the facility`);
		case 'not_receiving':
			return fieldError('kind', 'not_receiving');
	}
}

/** A refused status change: 403 when the rule is about who, else 409; the fields are the contract's. */
const transitionError = (r: TransitionRefusal) => new RuleRefusedError(transitionFieldErrors(r), r.code === 'district_role_required' ? 403 : 409);

export function createQuarantineService(deps: { db: Db; bus: EventBus; district: District; inflight: Inflight; clock: () => Date }) {
	const { db, bus, district, inflight, clock } = deps;

	async function lockFacility(tx: Tx, code: string) {
		// FOR UPDATE: two admissions racing for the last beds are decided one after the other.
		const [f] = await tx.select().from(quarantineFacilities).where(eq(quarantineFacilities.code, code)).for('update');
		if (!f) throw new NotFoundError('facility', code);
		return f;
	}

	async function write<T>(
		actor: Principal,
		code: string,
		key: string | null | undefined,
		operation: string,
		/** The parsed entry: with the facility, what a retried key must carry again. */
		entry: unknown,
		change: (tx: Tx, f: typeof quarantineFacilities.$inferSelect) => Promise<{ after: typeof quarantineFacilities.$inferSelect; result: T; audit: { action: string; before: unknown; after: unknown } }>
	): Promise<T> {
		const [f0] = await db.select({ wardCode: quarantineFacilities.wardCode }).from(quarantineFacilities).where(eq(quarantineFacilities.code, code));
		if (!f0) throw new NotFoundError('facility', code);
		if (!can(actor, 'ward:write', f0.wardCode)) throw new ForbiddenError('ward:write');
		const idem = parseIdempotencyKey(key);
		const { outcome, replayed, event } = await inflight.run(() =>
			db.transaction(async (tx) => {
				let event: LiveEvent | null = null;
				const r = await once(tx, idem, actor, operation, { facility: code, entry }, async () => {
					const f = await lockFacility(tx, code);
					const { after, result, audit } = await change(tx, f);
					await record(tx, actor, { action: audit.action, entity: 'quarantine_facility', entityId: code, wardCode: f.wardCode, before: audit.before, after: audit.after });
					event = await appendEvent(tx, { type: 'quarantine:changed', wardCode: after.wardCode, facility: toView(after) });
					return result;
				});
				return { ...r, event: event as LiveEvent | null };
			})
		);
		if (!replayed && event) bus.publish(event);
		return outcome;
	}

	/**
	 * The facilities the actor may read: one ward's, or (ward null) every one. With `asOf`, as
	 * they stood then (situation reports): beds from the last movement up to that instant, the
	 * status from the last one that set it; a facility opened later is left out.
	 */
	async function list(actor: Principal, wardCode: string | null = null, reader: Db | Tx = db, asOf?: Date): Promise<FacilityView[]> {
		const rows = await reader.select().from(quarantineFacilities).orderBy(asc(quarantineFacilities.name));
		// Every facility's beds are readable by every role (issue 11 §4: where a ward's F1 can go).
		if (!can(actor, 'beds:read')) throw new ForbiddenError('beds:read');
		const visible = rows.filter((f) => wardCode === null || f.wardCode === wardCode);
		if (!asOf) return visible.map(toView);
		const moves = await reader
			.select()
			.from(quarantineMovements)
			.where(lte(quarantineMovements.at, asOf))
			.orderBy(asc(quarantineMovements.at), asc(quarantineMovements.id));
		const out: FacilityView[] = [];
		for (const f of visible) {
			const mine = moves.filter((m) => m.facilityCode === f.code);
			const last = mine.at(-1);
			if (!last) continue; // not open yet at that time
			const status = mine.findLast((m) => m.status !== null)?.status ?? f.status;
			out.push({ ...toView(f), occupied: last.occupiedAfter, capacity: last.capacityAfter, status: status as FacilityStatus, updatedAt: last.at.toISOString() });
		}
		return out;
	}

	return {
		/** Loads the facilities file: adds new facilities (opening occupancy as a system admission), updates names. */
		async sync(file: FacilitiesFile): Promise<void> {
			await db.transaction(async (tx) => {
				for (const f of file.facilities) {
					if (f.wardCode && !district.ward(f.wardCode)) throw new Error(`quarantine facility ${f.code}: unknown ward ${f.wardCode}`);
					const [existing] = await tx.select().from(quarantineFacilities).where(eq(quarantineFacilities.code, f.code));
					if (existing) {
						// Figures move only by entries: a restart never resets occupancy or capacity.
						await tx
							.update(quarantineFacilities)
							.set({ name: f.name, kind: f.kind, address: f.address ?? null, wardCode: f.wardCode, demo: f.demo })
							.where(eq(quarantineFacilities.code, f.code));
						continue;
					}
					const occupied = Math.min(f.occupied, f.capacity);
					await tx.insert(quarantineFacilities).values({ ...f, address: f.address ?? null, occupied });
					await tx.insert(quarantineMovements).values({
						facilityCode: f.code,
						kind: 'opening',
						amount: occupied,
						// So that "as of" readings know the status before its first change.
						status: f.status,
						occupiedAfter: occupied,
						capacityAfter: f.capacity,
						note: f.demo ? 'Số liệu ban đầu (dữ liệu minh họa)' : 'Số liệu ban đầu',
						actorName: 'system'
					});
				}
			});
		},

		list,

		async history(actor: Principal, code: string, limit = 50): Promise<MovementView[]> {
			const [f] = await db.select().from(quarantineFacilities).where(eq(quarantineFacilities.code, code));
			if (!f) throw new NotFoundError('facility', code);
			if (!can(actor, 'ward:read', f.wardCode)) throw new ForbiddenError('ward:read');
			const rows = await db
				.select()
				.from(quarantineMovements)
				.where(eq(quarantineMovements.facilityCode, code))
				.orderBy(desc(quarantineMovements.at), desc(quarantineMovements.id))
				.limit(limit);
			return rows.map((m) => ({ ...m, at: m.at.toISOString(), enteredAt: m.enteredAt?.toISOString() ?? null, acceptance: m.acceptance ?? null }));
		},

		/** The district's beds by the one rule (domain bedSummary): `GET /api/quarantine/summary`. */
		async summary(actor: Principal): Promise<BedSummary> {
			return bedSummary(await list(actor, null));
		},

		/** An admission, a discharge or a capacity change. Refused (nothing saved) outside 0 ≤ occupied ≤ capacity. */
		async move(actor: Principal, code: string, body: unknown, key?: string | null): Promise<FacilityView> {
			const m = valid(parseMovement(body));
			return write(actor, code, key, `quarantine.${m.kind}`, m, async (tx, f) => {
				const enteredAt = valid(checkEnteredAt(m.enteredAt, clock()));
				const r = applyMovement({ capacity: f.capacity, occupied: f.occupied }, f.status as FacilityStatus, m.kind, m.amount);
				if (!r.ok) throw new ValidationError([refusalError(r.refusal)]);
				const [after] = await tx
					.update(quarantineFacilities)
					.set({ capacity: r.beds.capacity, occupied: r.beds.occupied, updatedAt: clock() })
					.where(eq(quarantineFacilities.code, code))
					.returning();
				await tx.insert(quarantineMovements).values({
					facilityCode: code,
					kind: m.kind,
					amount: m.amount,
					occupiedAfter: r.beds.occupied,
					capacityAfter: r.beds.capacity,
					note: m.note,
					actorName: actorLabel(actor).name,
					enteredAt
				});
				return {
					after: after!,
					result: toView(after!),
					audit: {
						action: `quarantine.${m.kind}`,
						before: { capacity: f.capacity, occupied: f.occupied },
						after: { capacity: r.beds.capacity, occupied: r.beds.occupied, amount: m.amount, note: m.note, enteredAt: enteredAt.toISOString() }
					}
				};
			});
		},

		/**
		 * A status change, by the state machine in domain/quarantine.ts: refused (409, 403 for a
		 * conversion by a ward account) with the rule's code, nothing saved. Audited and kept in the
		 * facility's history with its decision number or acceptance inspection.
		 */
		async setStatus(actor: Principal, code: string, body: unknown, key?: string | null): Promise<FacilityView> {
			const { status, note, decisionRef, acceptance } = valid(parseStatus(body));
			return write(actor, code, key, 'quarantine.status', { status, note, decisionRef, acceptance }, async (tx, f) => {
				const from = f.status as FacilityStatus;
				const verdict = checkTransition(from, status, { occupied: f.occupied, mayConvert: can(actor, 'facility:convert'), decisionRef, acceptance });
				if (!verdict.ok) throw transitionError(verdict.refusal);
				// Only what the change needs is kept: an acceptance belongs to preparing → ready.
				const keptAcceptance = from === 'preparing' && status === 'ready' ? acceptance : null;
				const [after] = await tx
					.update(quarantineFacilities)
					.set({ status, updatedAt: clock() })
					.where(eq(quarantineFacilities.code, code))
					.returning();
				await tx.insert(quarantineMovements).values({
					facilityCode: code,
					kind: 'status',
					status,
					occupiedAfter: f.occupied,
					capacityAfter: f.capacity,
					note,
					actorName: actorLabel(actor).name,
					decisionRef,
					acceptance: keptAcceptance
				});
				return {
					after: after!,
					result: toView(after!),
					audit: { action: 'quarantine.status', before: { status: from }, after: { status, note, decisionRef, acceptance: keptAcceptance } }
				};
			});
		}
	};
}

export type QuarantineService = ReturnType<typeof createQuarantineService>;
