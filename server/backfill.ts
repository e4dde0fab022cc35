/**
 * `npm run simulate -- --backfill 14d`: a realistic past for a new installation, so the trend
 * charts, the zone history and /reports/history are not empty on the first day.
 *
 * In-process, not through the HTTP API: the API refuses entries made more than 48 hours before
 * they arrive (contracts/entry-time.ts), and that window is a security rule, not to be widened
 * for a demo. Instead the back-fill builds the same services against the same database with an
 * injected clock set to each simulated instant, and writes through the services — so every entry
 * still passes validation, the domain rules, the one write path (command(): audit, outbox) — as
 * the system principal, every case report noted as simulated (domain/simulation.ts SIMULATED).
 * The facts carry the simulated time (reported/entered, movement, check-in, round, lift times);
 * the audit log and the outbox keep the database's own time of the write, so the security
 * record says truthfully when the back-fill ran (and the live sequence stays in time order).
 *
 * Which past: the N days before the earliest case report or zone change already stored (before
 * now on a new installation), never a time that has data. Writing between existing reports would
 * contradict them (a ward's day figures and zone chain are read as "the newest before"); writing
 * before them does not. So a second run finds the first one's data and writes nothing: no
 * duplicates, without a --force to forget.
 *
 * Situation reports: the scheduled ones of the past slots are generated too, at their slot, from
 * the data as it stood then — /reports/history reads those, and a server started afterwards only
 * catches up the slots between the back-fill's end and its start.
 *
 * The F1 flow: after each case report the ward's traced F1 are moved as its team would (a trip
 * every few hours, the day's last by 21:00, now and then a day late) into the facilities with free
 * beds, each admission naming F1 and the ward; the people the demo file puts in the facilities at
 * the start, and those admitted since, go home about 14 days after admission, each discharge
 * naming their ward. Beds are never exceeded: F1 for whom there is none wait, as they would.
 *
 * Checkpoint shifts are the costliest part (every person checks in and out) and only the recent
 * ones matter (the wall shows the current shift, a report its slot's): the last `checkpointDays`.
 */
import { dayKey, localParts } from '../src/lib/domain/time.ts';
import { slotsBetween } from '../src/lib/domain/schedule.ts';
import { zoneLevels } from '../src/lib/domain/zones.ts';
import type { Principal } from '../src/lib/domain/access.ts';
import { shiftEnd, currentShift } from '../src/lib/domain/checkpoint.ts';
import {
	SIMULATED,
	allocateBeds,
	blockadeSimFrom,
	dischargesDue,
	f0ToAdmit,
	f1ToMove,
	maybeOpenBlockade,
	nextBlockadeAction,
	nextStockMovement,
	simulatedPackages,
	nextWelfareReport,
	nextWardReport,
	occupantsAtStart,
	seededRandom,
	shiftRoster,
	stayUntil,
	takeF1,
	type BlockadeSim,
	type FacilityBeds,
	type Stay,
	type WardSim
} from '../src/lib/domain/simulation.ts';
import type { FacilityStatus, PersonKind } from '../src/lib/domain/quarantine.ts';
import type { Services } from '../src/lib/server/services/index.ts';

/** The services' clock during a back-fill: the simulated instant, or the real time when none is set. */
export interface SimClock {
	now(): Date;
	set(at: Date | null): void;
}

export function createSimClock(at: Date | null = null): SimClock {
	let current = at;
	return {
		now: () => (current ? new Date(current.getTime()) : new Date()),
		set: (t) => {
			current = t ? new Date(t.getTime()) : null;
		}
	};
}

/** `14d`, `36h` → minutes; null when it is not such a duration. */
export function parseBackfillPeriod(text: string): number | null {
	const m = /^\s*(\d{1,3})\s*([dh])\s*$/i.exec(text);
	if (!m) return null;
	const n = Number(m[1]);
	const minutes = m[2]!.toLowerCase() === 'd' ? n * 1440 : n * 60;
	return minutes >= 60 && minutes <= 90 * 1440 ? minutes : null;
}

export interface BackfillOptions {
	/** How far back, in minutes (parseBackfillPeriod). */
	minutes: number;
	seed?: number;
	/** The real "now" (tests fix it). */
	now?: Date;
	/** Days of checkpoint shifts at the end of the period (default 2). */
	checkpointDays?: number;
	log?: (line: string) => void;
}

export interface BackfillResult {
	/** The period written, or null when there was nothing to write (and why). */
	from: Date | null;
	to: Date | null;
	reason?: string;
	written: Record<
		'caseReports' | 'blockades' | 'testRounds' | 'lifts' | 'bedMovements' | 'stockMovements' | 'checkIns' | 'checkOuts' | 'situationReports' | 'welfareReports',
		number
	>;
	refused: number;
}

const ACTOR: Principal = { kind: 'system', name: SIMULATED.backfillActor };
/** A period shorter than this is not worth writing (a second run moments after the first). */
const MIN_PERIOD_MS = 60 * 60_000;

/** A timed job of the back-fill: run at `at`, it returns when it runs again (null: never). */
interface Job {
	at: number;
	run(at: Date): Promise<number | null>;
}

export async function backfill(services: Services, clock: SimClock, opts: BackfillOptions): Promise<BackfillResult> {
	const log = opts.log ?? (() => {});
	const rnd = seededRandom(opts.seed ?? 1);
	const written: BackfillResult['written'] = {
		caseReports: 0,
		blockades: 0,
		testRounds: 0,
		lifts: 0,
		bedMovements: 0,
		stockMovements: 0,
		checkIns: 0,
		checkOuts: 0,
		situationReports: 0,
		welfareReports: 0
	};
	let refused = 0;
	const realNow = opts.now ?? new Date();
	clock.set(null);
	// Every ward's first report records its first zone; reports from before the zone history existed count too.
	const firsts = [await services.zones.earliest(), await services.cases.earliest()].filter((d): d is Date => d !== null);
	const earliest = firsts.length ? new Date(Math.min(...firsts.map((d) => d.getTime()))) : null;
	const end = new Date(Math.min(realNow.getTime(), earliest?.getTime() ?? Infinity));
	const start = new Date(realNow.getTime() - opts.minutes * 60_000);
	if (end.getTime() - start.getTime() < MIN_PERIOD_MS) {
		const reason = earliest
			? `the database already holds data from ${earliest.toISOString()}: the back-fill writes only the past before it, and there is none left in the period asked`
			: 'the period is too short';
		return { from: null, to: null, reason, written, refused };
	}
	const endsNow = end.getTime() === realNow.getTime();
	// The demo duty roster over the past too (issue 14 §1): its reports name who led each slot's shift.
	const rostered = await services.duty.seedDemo(start);
	if (rostered) log(`demo duty roster: ${rostered} shifts laid out from ${dayKey(start)}`);
	const { district } = services;
	const levels = zoneLevels(district.view.zoneScheme);
	const mostSevere = levels.at(-1)!;

	/** One service call at `at`; a refusal is counted and logged, never stops the run. */
	async function at<T>(when: Date, what: string, call: () => Promise<T>): Promise<T | null> {
		clock.set(when);
		try {
			return await call();
		} catch (err) {
			refused++;
			log(`refused ${what} at ${when.toISOString()}: ${(err as Error).message}`);
			return null;
		}
	}

	const jobs: Job[] = [];
	const minutes = (n: number) => n * 60_000;

	// ── quarantine: who is in each facility and when they go home (the F1 flow's other half) ──
	const wardCodes = district.wards.map((w) => w.code);
	const facilities = new Map<string, FacilityBeds & { stays: Stay[] }>();
	for (const f of await services.quarantine.list(ACTOR, null)) {
		if (f.status === 'preparing' || f.status === 'closed') continue;
		const status = f.status as FacilityStatus;
		const stays = occupantsAtStart(rnd, f.occupied, wardCodes, start, status === 'treating_f0' ? 'f0' : 'f1');
		facilities.set(f.code, { code: f.code, status, capacity: f.capacity, occupied: f.occupied, stays });
	}

	/** Admits `n` people of `kind` from `wardCode` where there are beds; returns how many found one. */
	async function admit(now: Date, wardCode: string, kind: PersonKind, n: number): Promise<number> {
		let admitted = 0;
		for (const a of allocateBeds([...facilities.values()], kind, n)) {
			const f = facilities.get(a.code)!;
			const after = await at(now, `admission of ${a.amount} ${kind} from ${wardCode} to ${a.code}`, () =>
				services.quarantine.move(ACTOR, a.code, { kind: 'admission', amount: a.amount, personKind: kind, originWard: wardCode, note: SIMULATED.movementNote })
			);
			if (!after) continue;
			written.bedMovements++;
			admitted += a.amount;
			Object.assign(f, { capacity: after.capacity, occupied: after.occupied });
			f.stays.push({ ward: wardCode, kind, n: a.amount, until: stayUntil(rnd, kind, now) });
		}
		return admitted;
	}

	// Each facility sends home, every hour or two, those whose quarantine (or treatment) is over.
	for (const f of facilities.values()) {
		jobs.push({
			at: start.getTime() + minutes(20 + rnd() * 60),
			async run(now) {
				const { due, left } = dischargesDue(f.stays, now);
				f.stays = left;
				for (const d of due) {
					const amount = Math.min(d.amount, f.occupied);
					if (amount <= 0) continue;
					const after = await at(now, `discharge of ${amount} ${d.kind} to ${d.ward} from ${f.code}`, () =>
						services.quarantine.move(ACTOR, f.code, { kind: 'discharge', amount, personKind: d.kind, originWard: d.ward, note: SIMULATED.movementNote })
					);
					if (after) {
						written.bedMovements++;
						Object.assign(f, { capacity: after.capacity, occupied: after.occupied });
					}
				}
				return now.getTime() + minutes(60 + rnd() * 60);
			}
		});
	}

	// ── wards: a case report every ~30 minutes by day (~hourly at night), their F1 moved, their blockades ──
	const blockadeSims = new Map<number, { wardCode: string; sim: BlockadeSim }>();
	for (const b of await services.blockades.list(ACTOR)) blockadeSims.set(b.id, { wardCode: b.wardCode, sim: blockadeSimFrom(b) });
	let blockadeNumber = 1;
	district.wards.forEach((ward, i) => {
		let sim: WardSim | null = null;
		let last: number | null = null;
		jobs.push({
			// Staggered by a minute, the first exactly at the start: a second run sees data from then.
			at: start.getTime() + minutes(i),
			async run(now) {
				const stepMinutes = last === null ? 30 : (now.getTime() - last) / 60_000;
				const next = nextWardReport(rnd, sim, now, { activityMinutes: stepMinutes, processMinutes: stepMinutes }, levels, ward.population);
				const saved = await at(now, `case report ${ward.code}`, () =>
					services.cases.report(ACTOR, ward.code, { ...next.report, note: SIMULATED.note }, 'system')
				);
				if (saved) {
					written.caseReports++;
					// Its traced F1 taken to quarantine as beds allow (the rest wait); mild new F0 to a site treating F0, if any.
					const moved = await admit(now, ward.code, 'f1', f1ToMove(rnd, next.sim, now, stepMinutes));
					sim = takeF1(next.sim, moved);
					const f0 = f0ToAdmit(rnd, next.newF0);
					if (f0 > 0) await admit(now, ward.code, 'f0', f0);
					last = now.getTime();
				}
				await blockadeStep(ward, next.sim.zone, now, stepMinutes);
				const h = Number(localParts(now).hour);
				const gap = h >= 6 && h < 23 ? 24 + rnd() * 12 : 50 + rnd() * 30;
				return now.getTime() + minutes(gap);
			}
		});
	});

	// ── social welfare: each ward's team reports what it did every few hours of the day (issue 14 §2) ──
	district.wards.forEach((ward, i) => {
		let state = { pending: Math.floor(rnd() * 30) };
		let last = start.getTime() - minutes(120);
		jobs.push({
			at: start.getTime() + minutes(20 + i),
			async run(now) {
				const h = Number(localParts(now).hour);
				if (h >= 7 && h < 21) {
					const zone = (await services.cases.latestByWard(undefined, now)).get(ward.code)?.zone ?? null;
					const step = nextWelfareReport(rnd, state, zone, levels, (now.getTime() - last) / 60_000);
					const ok = await at(now, `welfare report ${ward.code}`, () => services.welfare.report(ACTOR, ward.code, step.report));
					if (ok) {
						written.welfareReports++;
						state = { pending: step.pending };
						last = now.getTime();
					}
				}
				return now.getTime() + minutes(150 + rnd() * 120);
			}
		});
	});

	async function blockadeStep(ward: { code: string; name: string }, zone: string, now: Date, stepMinutes: number): Promise<void> {
		const mine = [...blockadeSims.entries()].filter(([, b]) => b.wardCode === ward.code);
		for (const [id, b] of mine) {
			const { sim, action } = nextBlockadeAction(rnd, b.sim, stepMinutes);
			b.sim = sim;
			if (action.kind === 'round') {
				const { kind: _k, ...round } = action;
				const ok = await at(now, `round ${action.round} of blockade ${id}`, () => services.blockades.recordRound(ACTOR, id, { ...round, date: dayKey(now) }));
				if (ok) written.testRounds++;
			} else if (action.kind === 'lift') {
				const ok = await at(now, `lift of blockade ${id}`, () =>
					services.blockades.lift(ACTOR, id, { reference: SIMULATED.liftReference(100 + id), note: SIMULATED.liftNote })
				);
				if (ok) written.lifts++;
				blockadeSims.delete(id);
			}
		}
		const open = maybeOpenBlockade(rnd, { zone, activeBlockades: mine.length }, levels, stepMinutes);
		if (!open) return;
		const n = blockadeNumber++;
		const b = await at(now, `blockade in ${ward.code}`, () =>
			services.blockades.open(ACTOR, {
				wardCode: ward.code,
				name: SIMULATED.blockadeName(n),
				address: SIMULATED.blockadeAddress(n, ward.name),
				zone: mostSevere,
				startedAt: now.toISOString(),
				people: open.people,
				households: open.households
			})
		);
		if (b) {
			written.blockades++;
			blockadeSims.set(b.id, { wardCode: ward.code, sim: open.sim });
		}
	}

	// ── stock: each stocked line issued twice a day, delivered when it runs low ──
	// Judged against what the back-fill itself has put in (from 0), not today's balance: so no
	// past reading of the ledger (a report's "as of") goes below zero before today's stock arrived.
	for (const l of await services.stock.levels(ACTOR)) {
		const perDay = l.issuedLast7Days > 0 ? l.issuedLast7Days / 7 : l.onHand / 20;
		if (perDay <= 0) continue;
		let balance = 0;
		jobs.push({
			at: start.getTime() + minutes(30 + rnd() * 60),
			async run(now) {
				const m = nextStockMovement(rnd, balance, perDay);
				if (m) {
					const path = `${m.kind} ${m.quantity} ${l.itemCode} ${l.warehouseCode}`;
					const ok =
						m.kind === 'receipt'
							? await at(now, path, () =>
									services.stock.receive(ACTOR, l.warehouseCode, { item: l.itemCode, quantity: m.quantity, supplier: SIMULATED.supplier })
								)
							: await at(now, path, () =>
									services.stock.issue(ACTOR, l.warehouseCode, {
										item: l.itemCode,
										quantity: m.quantity,
										destinationKind: 'households',
										destination: SIMULATED.households,
										packages: simulatedPackages(l.unit, m.quantity),
										// The district warehouse serves some ward's households: they count toward its aid packages.
										...(l.wardCode === null ? { destinationWard: wardCodes[Math.floor(rnd() * wardCodes.length)] } : {})
									})
								);
					if (ok) {
						written.stockMovements++;
						balance += m.kind === 'receipt' ? m.quantity : -m.quantity;
					}
				}
				return now.getTime() + minutes(360 + rnd() * 360);
			}
		});
	}

	// ── checkpoints: each shift of the last days checked in at its start, out at its end ──
	const checkpointFrom = Math.max(start.getTime(), end.getTime() - (opts.checkpointDays ?? 2) * 86_400_000);
	const checkpointList = await services.checkpoints.list(ACTOR);
	checkpointList.forEach((c, index) => {
		// First the shift running at the start; every person of it checks in a few minutes in.
		jobs.push({
			at: checkpointFrom + minutes(index % 10),
			async run(now) {
				const shift = currentShift(now);
				for (const p of shiftRoster(rnd, c.required, index, shift.number)) {
					const ok = await at(now, `check-in ${c.code}`, () => services.checkpoints.checkIn(ACTOR, c.code, p));
					if (ok) written.checkIns++;
				}
				const ends = shiftEnd(shift.key).getTime();
				// The shift running when the back-fill ends into "now" stays staffed: the wall shows it.
				if (ends >= end.getTime() && endsNow) return null;
				jobs.push({
					// A minute before the shift ends (or the period does), never before the check-ins.
					at: Math.max(now.getTime() + minutes(1), Math.min(ends, end.getTime() - 1000) - minutes(1)),
					async run(outAt) {
						clock.set(outAt);
						const here = (await services.checkpoints.list(ACTOR, c.wardCode)).find((x) => x.code === c.code);
						for (const d of here?.onDuty ?? []) {
							const ok = await at(outAt, `check-out ${c.code}`, () => services.checkpoints.checkOut(ACTOR, c.code, { dutyId: d.id }));
							if (ok) written.checkOuts++;
						}
						return null;
					}
				});
				return ends + minutes(2 + (index % 10));
			}
		});
	});

	// ── situation reports: every past slot, a minute after it (on time, as the scheduler would) ──
	for (const slot of slotsBetween(start, end, services.reports.schedule.slots)) {
		jobs.push({
			at: slot.getTime() + minutes(1),
			async run(now) {
				const r = await at(now, `situation report ${slot.toISOString()}`, () => services.reports.generateForSlot(slot));
				if (r?.created) written.situationReports++;
				return null;
			}
		});
	}

	log(`back-filling ${start.toISOString()} → ${end.toISOString()} (${district.wards.length} wards)`);
	let lastDay = '';
	for (;;) {
		let next: Job | null = null;
		for (const j of jobs) if (next === null || j.at < next.at) next = j;
		if (!next || next.at >= end.getTime()) break;
		const when = new Date(next.at);
		const again = await next.run(when);
		if (again === null || again >= end.getTime()) jobs.splice(jobs.indexOf(next), 1);
		else next.at = again;
		const day = dayKey(when);
		if (day !== lastDay) {
			lastDay = day;
			log(`${day}: ${written.caseReports} case reports so far`);
		}
	}
	clock.set(null);
	return { from: start, to: end, written, refused };
}
