/**
 * Quarantine beds: facilities, admissions, discharges, capacity and status changes.
 * validate → lock the facility row → domain rule → update + movement + audit + outbox → publish.
 */
import { asc, desc, eq, lte } from 'drizzle-orm';
import { fieldError } from '../../contracts/errors.ts';
import type { FacilitiesFile } from '../../contracts/quarantine.ts';
import { parseMovement, parseStatus, transitionFieldErrors, type MovementView } from '../../contracts/quarantine.ts';
import { parseBedTarget, parseFacilityCreate, parseFacilityEdit, parseRetire } from '../../contracts/registry.ts';
export type { MovementView };
import type { FacilityView } from '../../contracts/live.ts';
import { actorLabel, can, type Principal } from '../../domain/access.ts';
import {
	applyMovement,
	bedSummary,
	checkTransition,
	type BedSummary,
	type FacilityStatus,
	type PersonKind,
	type MovementRefusal,
	type TransitionRefusal
} from '../../domain/quarantine.ts';
import { formatCount } from '../../domain/time.ts';
import { districts, quarantineFacilities, quarantineMovements } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, RuleRefusedError, ValidationError, valid } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { EventBus } from '../realtime/bus.ts';
import type { District } from './district.ts';
import { checkEnteredAt } from '../../contracts/entry-time.ts';
import { authorize, createCommand } from './command.ts';
import type { FlowMovedEvent } from '../../domain/live.ts';
import type { Unsequenced } from './outbox.ts';

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
	const { db, district, clock } = deps;
	const command = createCommand(deps);

	async function lockFacility(tx: Tx, code: string) {
		// FOR UPDATE: two admissions racing for the last beds are decided one after the other.
		const [f] = await tx.select().from(quarantineFacilities).where(eq(quarantineFacilities.code, code)).for('update');
		if (!f) throw new NotFoundError('facility', code);
		return f;
	}

	/**
	 * One command on one facility: its owner's (`ward:write`) or, for the registry, the district's.
	 * The facility row is locked FOR UPDATE, so two admissions racing for the last beds are decided
	 * one after the other; every change is audited and announced as `quarantine:changed`.
	 */
	async function write<T>(
		actor: Principal,
		code: string,
		key: string | null | undefined,
		operation: string,
		/** The parsed entry: with the facility, what a retried key must carry again. */
		entry: unknown,
		change: (
			tx: Tx,
			f: typeof quarantineFacilities.$inferSelect
		) => Promise<{
			after: typeof quarantineFacilities.$inferSelect;
			result: T;
			audit: { before: unknown; after: unknown };
			flow?: Unsequenced<FlowMovedEvent>;
		}>,
		action: 'ward:write' | 'registry:manage' = 'ward:write'
	): Promise<T> {
		const [f0] = await db.select({ wardCode: quarantineFacilities.wardCode }).from(quarantineFacilities).where(eq(quarantineFacilities.code, code));
		if (!f0) throw new NotFoundError('facility', code);
		return command({
			actor,
			action,
			ward: f0.wardCode,
			key,
			operation,
			request: { facility: code, entry },
			run: async (tx) => {
				const f = await lockFacility(tx, code);
				// A retired facility keeps its history and takes nothing more (checked under the lock).
				if (f.retiredAt) throw new RuleRefusedError([fieldError('', 'retired', f.name)]);
				const { after, result, audit, flow } = await change(tx, f);
				return {
					result,
					audit: [{ entity: 'quarantine_facility', entityId: code, wardCode: f.wardCode, ...audit }],
					events: [
						{ type: 'quarantine:changed', wardCode: after.wardCode, facility: toView(after), ...(after.retiredAt ? { retired: true as const } : {}) },
						// The origin ward's own event: its readers follow their F1 flow even into a district facility.
						...(flow ? [flow] : [])
					]
				};
			}
		});
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
		// A retired facility leaves every total from its retirement on; before it, it counted.
		const standing = (f: (typeof rows)[number]) => !f.retiredAt || (asOf !== undefined && f.retiredAt > asOf);
		const visible = rows.filter((f) => (wardCode === null || f.wardCode === wardCode) && standing(f));
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
			out.push({
				...toView(f),
				occupied: last.occupiedAfter,
				capacity: last.capacityAfter,
				status: status as FacilityStatus,
				updatedAt: last.at.toISOString()
			});
		}
		return out;
	}

	return {
		/**
		 * Seeds the facilities file into an empty database (opening occupancy as a system movement).
		 * Once any facility exists the registry is managed at run time (issue 11 §3): a restart never
		 * undoes an edit, brings back a retired facility or resets a figure.
		 */
		async sync(file: FacilitiesFile): Promise<void> {
			// Outside the write path: seeding an empty database from the district's file, by no one.
			await db.transaction(async (tx) => {
				const [any] = await tx.select({ code: quarantineFacilities.code }).from(quarantineFacilities).limit(1);
				if (any) return;
				for (const f of file.facilities) {
					if (f.wardCode && !district.ward(f.wardCode)) throw new Error(`quarantine facility ${f.code}: unknown ward ${f.wardCode}`);
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
						actorName: 'system',
						at: clock()
					});
				}
			});
		},

		/**
		 * A new facility (admin, district commander), *đang chuẩn bị* and empty: it receives after its
		 * acceptance, by the state machine. Its code is checked against every facility ever made,
		 * retired ones too, so a code in a report or an audit row always means one place.
		 */
		async register(actor: Principal, body: unknown, key?: string | null): Promise<FacilityView> {
			authorize(actor, 'registry:manage');
			const v = valid(parseFacilityCreate(body));
			if (v.wardCode && !district.ward(v.wardCode)) throw new ValidationError([fieldError('wardCode', 'unknown_ward')]);
			return command({
				actor,
				action: 'registry:manage',
				key,
				operation: 'quarantine.register',
				request: v,
				run: async (tx) => {
					const [taken] = await tx.select({ code: quarantineFacilities.code }).from(quarantineFacilities).where(eq(quarantineFacilities.code, v.code));
					if (taken) throw new RuleRefusedError([fieldError('code', 'code_taken', v.code)]);
					const [row] = await tx
						.insert(quarantineFacilities)
						.values({ ...v, status: 'preparing', occupied: 0, updatedAt: clock() })
						.returning();
					await tx.insert(quarantineMovements).values({
						facilityCode: v.code,
						kind: 'opening',
						amount: 0,
						status: 'preparing',
						occupiedAfter: 0,
						capacityAfter: v.capacity,
						note: 'Thêm mới',
						actorName: actorLabel(actor).name,
						at: clock()
					});
					return {
						result: toView(row!),
						audit: [{ entity: 'quarantine_facility', entityId: v.code, wardCode: v.wardCode, before: null, after: v }],
						events: [{ type: 'quarantine:changed', wardCode: row!.wardCode, facility: toView(row!) }]
					};
				}
			});
		},

		/** Name, kind, address (admin, district commander); beds and status move only by entries. */
		async edit(actor: Principal, code: string, body: unknown, key?: string | null): Promise<FacilityView> {
			const v = valid(parseFacilityEdit(body));
			return write(
				actor,
				code,
				key,
				'quarantine.edit',
				v,
				async (tx, f) => {
					const [after] = await tx
						.update(quarantineFacilities)
						.set({ ...v, updatedAt: clock() })
						.where(eq(quarantineFacilities.code, code))
						.returning();
					return { after: after!, result: toView(after!), audit: { before: { name: f.name, kind: f.kind, address: f.address }, after: v } };
				},
				'registry:manage'
			);
		},

		/**
		 * Retires an empty facility: it keeps its history and leaves every total (a report as of an
		 * earlier time still counts it). One with people inside is refused: they would vanish.
		 */
		async retire(actor: Principal, code: string, body: unknown, key?: string | null): Promise<FacilityView> {
			const { reason } = valid(parseRetire(body));
			return write(
				actor,
				code,
				key,
				'quarantine.retire',
				{ reason },
				async (tx, f) => {
					if (f.occupied > 0)
						throw new RuleRefusedError([fieldError('', 'facility_not_empty', `đang có ${formatCount(f.occupied)} người / ${f.occupied} in the facility`)]);
					const at = clock();
					const [after] = await tx.update(quarantineFacilities).set({ retiredAt: at, updatedAt: at }).where(eq(quarantineFacilities.code, code)).returning();
					await tx
						.insert(quarantineMovements)
						.values({ facilityCode: code, kind: 'retired', occupiedAfter: 0, capacityAfter: f.capacity, note: reason, actorName: actorLabel(actor).name, at });
					return {
						after: after!,
						result: toView(after!),
						audit: { before: { status: f.status, capacity: f.capacity }, after: { retiredAt: at.toISOString(), reason } }
					};
				},
				'registry:manage'
			);
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
			// The documented shape, named as the request names it: nothing of the row beyond it.
			return rows.map((m): MovementView => ({
				id: m.id,
				kind: m.kind,
				amount: m.amount,
				status: m.status,
				occupiedAfter: m.occupiedAfter,
				capacityAfter: m.capacityAfter,
				note: m.note,
				actorName: m.actorName,
				at: m.at.toISOString(),
				enteredAt: m.enteredAt?.toISOString() ?? null,
				decisionRef: m.decisionRef,
				acceptance: m.acceptance ?? null,
				personKind: (m.personKind as PersonKind | null) ?? null,
				originWard: m.originWardCode
			}));
		},

		/** The district's target of quarantine beds (null: none): read fresh, another process may have set it. */
		async bedTarget(reader: Db | Tx = db): Promise<number | null> {
			const [d] = await reader.select({ t: districts.quarantineBedTarget }).from(districts).where(eq(districts.id, 1));
			return d?.t ?? null;
		},

		/** `PATCH /api/district { quarantineBedTarget }` (admin, district commander), audited, live on every wall. */
		async setBedTarget(actor: Principal, body: unknown): Promise<number | null> {
			authorize(actor, 'registry:manage');
			const { quarantineBedTarget } = valid(parseBedTarget(body));
			return command({
				actor,
				action: 'registry:manage',
				operation: 'district.bed_target',
				request: { quarantineBedTarget },
				run: async (tx) => {
					const [before] = await tx.select({ t: districts.quarantineBedTarget }).from(districts).where(eq(districts.id, 1)).for('update');
					await tx.update(districts).set({ quarantineBedTarget }).where(eq(districts.id, 1));
					return {
						result: quarantineBedTarget,
						audit: [
							{
								entity: 'district',
								entityId: district.view.code,
								wardCode: null,
								before: { quarantineBedTarget: before?.t ?? null },
								after: { quarantineBedTarget }
							}
						],
						events: [{ type: 'quarantine:target', wardCode: null, quarantineBedTarget }]
					};
				}
			});
		},

		/** The district's beds by the one rule (domain bedSummary): `GET /api/quarantine/summary`. */
		async summary(actor: Principal): Promise<BedSummary> {
			return bedSummary(await list(actor, null));
		},

		/** An admission, a discharge or a capacity change. Refused (nothing saved) outside 0 ≤ occupied ≤ capacity. */
		async move(actor: Principal, code: string, body: unknown, key?: string | null): Promise<FacilityView> {
			const m = valid(parseMovement(body));
			if (m.originWard !== null && !district.ward(m.originWard)) throw new ValidationError([fieldError('originWard', 'unknown_ward')]);
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
					at: clock(),
					enteredAt,
					personKind: m.personKind,
					originWardCode: m.originWard
				});
				const who = { personKind: m.personKind, originWard: m.originWard };
				return {
					after: after!,
					result: toView(after!),
					audit: {
						before: { capacity: f.capacity, occupied: f.occupied },
						after: { capacity: r.beds.capacity, occupied: r.beds.occupied, amount: m.amount, note: m.note, enteredAt: enteredAt.toISOString(), ...who }
					},
					flow:
						m.originWard !== null && m.kind !== 'capacity'
							? { type: 'quarantine:flow', wardCode: m.originWard, kind: m.kind, personKind: m.personKind, amount: m.amount, madeAt: enteredAt.toISOString() }
							: undefined
				};
			});
		},

		/**
		 * A status change, by the state machine in domain/quarantine.ts: refused (409, 403 for a
		 * conversion by a ward account) with the rule's code, nothing saved. Audited and kept in the
		 * facility's history with its decision number or acceptance inspection.
		 */
		async setStatus(actor: Principal, code: string, body: unknown, key?: string | null): Promise<FacilityView> {
			const { status, note, decisionRef, acceptance, enteredAt: entered } = valid(parseStatus(body));
			return write(
				actor,
				code,
				key,
				'quarantine.status',
				{ status, note, decisionRef, acceptance, ...(entered === undefined ? {} : { enteredAt: entered }) },
				async (tx, f) => {
					const enteredAt = valid(checkEnteredAt(entered, clock()));
					const from = f.status as FacilityStatus;
					const verdict = checkTransition(from, status, { occupied: f.occupied, mayConvert: can(actor, 'facility:convert'), decisionRef, acceptance });
					if (!verdict.ok) throw transitionError(verdict.refusal);
					// Only what the change needs is kept: an acceptance belongs to preparing → ready.
					const keptAcceptance = from === 'preparing' && status === 'ready' ? acceptance : null;
					const [after] = await tx.update(quarantineFacilities).set({ status, updatedAt: clock() }).where(eq(quarantineFacilities.code, code)).returning();
					await tx.insert(quarantineMovements).values({
						facilityCode: code,
						kind: 'status',
						status,
						occupiedAfter: f.occupied,
						capacityAfter: f.capacity,
						note,
						actorName: actorLabel(actor).name,
						decisionRef,
						acceptance: keptAcceptance,
						at: clock(),
						enteredAt
					});
					return {
						after: after!,
						result: toView(after!),
						audit: { before: { status: from }, after: { status, note, decisionRef, acceptance: keptAcceptance, enteredAt: enteredAt.toISOString() } }
					};
				}
			);
		}
	};
}

export type QuarantineService = ReturnType<typeof createQuarantineService>;
