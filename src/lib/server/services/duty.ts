/**
 * The duty roster (issue 14 §1): who leads and who stands each shift at the district's command
 * post and at each ward's. A unit-day's plan is replaced in one command on the write path
 * (command.ts): authorized (`duty:write` on the unit: the district's leadership for the district,
 * the ward's commander for a ward), exactly once per device key, audited before/after, live
 * (`duty:changed`). A day is stored whole — every shift, those left out of the plan as "no one" —
 * so a unit-day with rows is one someone planned, and the demo roster never fills it again.
 */
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { dutyError, dutyQuery, dutyTarget, parseDutyRoster, type DutyFile } from '../../contracts/duty.ts';
import { checkEnteredAt } from '../../contracts/entry-time.ts';
import { fieldError, parseWith } from '../../contracts/errors.ts';
import type { DutyPicture } from '../../contracts/live.ts';
import { actorLabel, can, readScope, type Principal } from '../../domain/access.ts';
import { currentShift } from '../../domain/checkpoint.ts';
import {
	checkEndedShifts,
	checkPlanDay,
	DISTRICT_UNIT,
	onDutyAt,
	SHIFT_NUMBERS,
	type DutyPerson,
	type DutyRefusal,
	type DutyShiftPlan,
	type DutyShiftRow
} from '../../domain/duty.ts';
import { dayKey, startOfLocalDay } from '../../domain/time.ts';
import { dutyShifts } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, RuleRefusedError, ValidationError, valid } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { EventBus } from '../realtime/bus.ts';
import { authorize, createCommand } from './command.ts';
import type { District } from './district.ts';

type Row = typeof dutyShifts.$inferSelect;

const toRow = (r: Row): DutyShiftRow => ({
	unit: r.unit,
	date: r.date,
	shift: r.shift,
	leader: r.leader ?? null,
	officers: r.officers ?? [],
	updatedBy: r.updatedBy,
	updatedAt: r.updatedAt.toISOString()
});

/** `yyyy-MM-dd` `n` days after `day` (negative: before). */
function addDays(day: string, n: number): string {
	return dayKey(new Date(startOfLocalDay(day).getTime() + n * 86_400_000 + 12 * 3_600_000));
}

/** How many days ahead of today the wall's snapshot carries: it crosses two midnights on its own. */
const WINDOW_AHEAD_DAYS = 2;
/** Days the demo roster is laid out ahead of today at each start (and by the simulator). */
const DEMO_DAYS_AHEAD = 7;

/** A unit's day as GET /api/duty-roster answers it. */
export interface DutyDay {
	unit: string;
	/** The unit's name: the district's, or "Phường …". */
	name: string;
	date: string;
	hotline: string | null;
	shifts: DutyShiftRow[];
	/** Who is on duty now at this unit (the running shift, whatever `date` was asked). */
	now: { shiftKey: string; leader: DutyPerson | null; officers: DutyPerson[] };
}

export function createDutyService(deps: {
	db: Db;
	bus: EventBus;
	district: District;
	inflight: Inflight;
	clock?: () => Date;
	/** The district's demo roster (`<district>.duty.json`), when it has one. */
	demo?: DutyFile;
}) {
	const { db, district, demo } = deps;
	const clock = deps.clock ?? (() => new Date());
	const command = createCommand(deps);

	/** The ward a unit is (null: the district's post); an unknown one is named as the field `unit`. */
	function wardOf(unit: string): string | null {
		if (unit === DISTRICT_UNIT) return null;
		if (!district.ward(unit)) throw new ValidationError([fieldError('unit', 'unknown_unit', unit)]);
		return unit;
	}
	const unitName = (unit: string) => (unit === DISTRICT_UNIT ? district.view.name : `Phường ${district.ward(unit)?.name ?? unit}`);
	const hotlineOf = (unit: string) => (unit === DISTRICT_UNIT ? (district.view.hotline ?? null) : (district.ward(unit)?.hotline ?? null));

	/** Who may read a unit's roster: the district's post by anyone who reads the live picture (a ward must know whom to call), a ward's by its readers. */
	function mayRead(actor: Principal, ward: string | null): boolean {
		return ward === null ? readScope(actor) !== null : can(actor, 'ward:read', ward);
	}

	async function rowsOf(tx: Db | Tx, units: readonly string[], from: string, to: string): Promise<DutyShiftRow[]> {
		if (units.length === 0) return [];
		const rows = await tx
			.select()
			.from(dutyShifts)
			.where(and(inArray(dutyShifts.unit, [...units]), gte(dutyShifts.date, from), lte(dutyShifts.date, to)))
			.orderBy(asc(dutyShifts.unit), asc(dutyShifts.date), asc(dutyShifts.shift));
		return rows.map(toRow);
	}

	const plans = (rows: readonly DutyShiftRow[]): DutyShiftPlan[] => rows.map((r) => ({ shift: r.shift, leader: r.leader, officers: r.officers }));
	const refused = (r: DutyRefusal | null) => {
		if (r) throw new RuleRefusedError([dutyError(r)]);
	};

	/** The days a picture covers at `now`: the running shift's day (yesterday before the first shift) to a few days ahead. */
	function windowDays(now: Date): string[] {
		const first = currentShift(now).key.slice(0, 10);
		const last = addDays(dayKey(now), WINDOW_AHEAD_DAYS);
		const days: string[] = [];
		for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
		return days;
	}

	/** A unit's day (`date` default today) with its hotline and who is on duty now. */
	async function get(actor: Principal, query: { unit: string; date?: string }): Promise<DutyDay> {
		// The route parsed it already; a form action or the simulator hands it over as given.
		const q = valid(parseWith(dutyQuery, query));
		const ward = wardOf(q.unit);
		if (!mayRead(actor, ward)) throw new ForbiddenError('ward:read');
		const now = clock();
		const date = q.date ?? dayKey(now);
		const running = currentShift(now).key.slice(0, 10);
		// The day asked and the running shift's day: two days, whatever the distance between them.
		const rows = (
			await db
				.select()
				.from(dutyShifts)
				.where(and(eq(dutyShifts.unit, q.unit), inArray(dutyShifts.date, [...new Set([date, running])])))
				.orderBy(asc(dutyShifts.date), asc(dutyShifts.shift))
		).map(toRow);
		const onDuty = onDutyAt(rows, now);
		return {
			unit: q.unit,
			name: unitName(q.unit),
			date,
			hotline: hotlineOf(q.unit),
			shifts: rows.filter((r) => r.date === date),
			now: { shiftKey: onDuty.shift.key, leader: onDuty.leader, officers: onDuty.officers }
		};
	}

	return {
		get,

		/** Replaces a unit-day's plan `{ shifts: [{ shift, leader, officers }] }`; the shifts left out are stored as "no one". */
		async plan(actor: Principal, target: { unit: string; date: string }, body: unknown, key?: string | null): Promise<DutyDay> {
			const { unit, date } = valid(parseWith(dutyTarget, target));
			const ward = wardOf(unit);
			// A stranger is refused before the body is judged: a 403 must not reveal what was valid.
			authorize(actor, 'duty:write', ward);
			const v = valid(parseDutyRoster(body));
			const now = clock();
			valid(checkEnteredAt(v.enteredAt, now));
			// The past is judged at arrival: a plan kept offline past its shift cannot rewrite who stood it.
			refused(checkPlanDay(date, now));
			const who = actorLabel(actor).name;
			const { enteredAt: _entered, ...request } = v;
			await command({
				actor,
				action: 'duty:write',
				ward,
				key,
				operation: 'duty.plan',
				request: { unit, date, ...request },
				run: async (tx) => {
					// Two plans of one unit-day are judged one after the other.
					await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`duty:${unit}:${date}`}))`);
					const before = await rowsOf(tx, [unit], date, date);
					refused(checkEndedShifts(date, plans(before), v.shifts, now));
					await tx.delete(dutyShifts).where(and(eq(dutyShifts.unit, unit), eq(dutyShifts.date, date)));
					await tx.insert(dutyShifts).values(
						SHIFT_NUMBERS.map((n) => {
							const s = v.shifts.find((x) => x.shift === n);
							return { unit, date, shift: n, leader: s?.leader ?? null, officers: s?.officers ?? [], updatedBy: who, updatedAt: now };
						})
					);
					const after = await rowsOf(tx, [unit], date, date);
					return {
						result: { unit, date },
						audit: [{ entity: 'duty_roster', entityId: `${unit}/${date}`, wardCode: ward, before: plans(before), after: plans(after) }],
						events: [
							{
								type: 'duty:changed',
								wardCode: ward,
								unit,
								date,
								shifts: after.map(({ unit: _u, date: _d, ...s }) => s)
							}
						]
					};
				}
			});
			return get(actor, { unit, date });
		},

		/** The rosters of the district's post (district-wide readers) and of the wards a reader sees, over the wall's window at `now`. */
		async picture(reader: Principal, ward: string | null, tx: Db | Tx = db, now: Date = clock()): Promise<DutyPicture> {
			const units = ward === null ? [DISTRICT_UNIT, ...district.wards.map((w) => w.code)] : [ward];
			const visible = units.filter((u) => mayRead(reader, u === DISTRICT_UNIT ? null : u));
			const days = windowDays(now);
			return { days, shifts: await rowsOf(tx, visible, days[0]!, days.at(-1)!) };
		},

		/**
		 * The demo roster of the district's companion file (`<district>.duty.json`): laid out from the
		 * running shift's day at `from` (default now; the back-fill gives the start of its past) to a
		 * week after today, only on unit-days no one has planned (a day with rows is someone's plan, or
		 * the demo's already). Outside the write path: seeding, by no one. Without a file: nothing.
		 */
		async seedDemo(from: Date = clock()): Promise<number> {
			const file = demo;
			if (!file) return 0;
			for (const u of file.units) wardOf(u.unit);
			const now = clock();
			const first = currentShift(from).key.slice(0, 10);
			const days: string[] = [];
			for (let d = first; d <= addDays(dayKey(now), DEMO_DAYS_AHEAD); d = addDays(d, 1)) days.push(d);
			let added = 0;
			await db.transaction(async (tx) => {
				const planned = await tx
					.selectDistinct({ unit: dutyShifts.unit, date: dutyShifts.date })
					.from(dutyShifts)
					.where(and(gte(dutyShifts.date, days[0]!), lte(dutyShifts.date, days.at(-1)!)));
				const taken = new Set(planned.map((p) => `${p.unit}/${p.date}`));
				for (const u of file.units) {
					for (const date of days) {
						if (taken.has(`${u.unit}/${date}`)) continue;
						// A rotation by day and shift: each person leads every few shifts, never two in a row.
						const k = Math.round(startOfLocalDay(date).getTime() / 86_400_000) * SHIFT_NUMBERS.length;
						const rows = SHIFT_NUMBERS.map((n) => ({
							unit: u.unit,
							date,
							shift: n,
							leader: u.leaders[(k + n - 1) % u.leaders.length]!,
							officers: [...new Set([0, 1].map((j) => (2 * (k + n - 1) + j) % Math.max(1, u.officers.length)))].flatMap((i) => u.officers[i] ?? []),
							demo: file.demo,
							updatedBy: 'Lịch trực mẫu (demo)',
							updatedAt: now
						}));
						await tx.insert(dutyShifts).values(rows).onConflictDoNothing();
						added += rows.length;
					}
				}
			});
			return added;
		}
	};
}

export type DutyService = ReturnType<typeof createDutyService>;
