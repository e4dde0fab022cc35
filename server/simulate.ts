/**
 * `npm run simulate`: plausible activity for demonstrations and load tests. The decisions (what a
 * ward reports, when a zone changes or a blockade opens, is tested and lifted) are the pure ones
 * of src/lib/domain/simulation.ts; this file does the I/O. Everything it writes is marked as
 * simulated.
 *
 * Live: case reports (day figures that grow through the day and start again at local midnight,
 * samples, positives, doses), blockades (opened in red and orange wards, tested every couple of
 * simulated days, lifted after a negative last round), check-ins/outs, stock receipts and issues,
 * the F1 flow (a ward's traced F1 admitted to facilities with free beds after its reports, each
 * admission naming F1 or F0 and the ward; discharges about 14 days later naming the ward) — sent
 * to a running server through its own JSON API, so every entry passes the same validation,
 * authorization, audit and live path as a tablet's.
 *
 *   npm run simulate -- --url http://localhost:3000 --token cpa_…           (an API token, write, all wards)
 *   npm run simulate -- --url http://localhost:3000 --username admin --password …
 *   Options: --interval <ms between entries, default 2000> --count <entries, default unlimited> --seed <n>
 *
 * Back-fill: a realistic past of N days (or hours) written in-process into the configured
 * database (DATABASE_URL, else DATA_DIR's PGlite), see server/backfill.ts for which past and why
 * not through the API. On PGlite the server must be stopped (one process per data directory).
 *
 *   npm run simulate -- --backfill 14d        (or 36h; --seed <n>, --checkpoint-days <n, default 2>)
 */
import { parseArgs } from 'node:util';
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
	seededRandom,
	stayUntil,
	staysFrom,
	storedWaiting,
	takeF1,
	wardSimFrom,
	type BlockadeSim,
	type FacilityBeds,
	type Stay,
	type WardSim
} from '../src/lib/domain/simulation.ts';
import type { PersonKind } from '../src/lib/domain/quarantine.ts';
import { CASE_COUNT_FIELDS, type CaseCounts } from '../src/lib/domain/cases.ts';
import { FORCES, splitDuty } from '../src/lib/domain/checkpoint.ts';
import type { Blockade } from '../src/lib/domain/blockade.ts';
import type { WardWelfare } from '../src/lib/domain/welfare.ts';
import { dayKey } from '../src/lib/domain/time.ts';
import { DataDirLockedError } from '../src/lib/server/db/client.ts';
import { backfill, createSimClock, parseBackfillPeriod } from './backfill.ts';
import { loadConfig } from './config.ts';
import { createCore, createLogger } from './core.ts';

const { values: args } = parseArgs({
	options: {
		url: { type: 'string', default: 'http://localhost:3000' },
		token: { type: 'string' },
		username: { type: 'string' },
		password: { type: 'string' },
		interval: { type: 'string', default: '2000' },
		count: { type: 'string' },
		seed: { type: 'string' },
		backfill: { type: 'string' },
		'checkpoint-days': { type: 'string' }
	}
});

const base = args.url.replace(/\/$/, '');
const interval = Math.max(50, Number(args.interval) || 2000);
const limit = args.count ? Number(args.count) : Infinity;
const seed = Number(args.seed ?? Date.now()) | 0;
const rnd = seededRandom(seed);
/**
 * Live, one case report stands for one reporting interval of the slow processes (zones,
 * blockades): a demo sees them move within the hour. Day figures follow the real clock.
 */
const PROCESS_MINUTES_PER_REPORT = 30;

async function credentials(): Promise<Record<string, string>> {
	if (args.token) return { authorization: `Bearer ${args.token}` };
	if (args.username && args.password) {
		const res = await fetch(`${base}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: args.username, password: args.password })
		});
		if (res.status !== 200) throw new Error(`sign-in failed (${res.status}): ${await res.text()}`);
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cp_session='));
		if (!cookie) throw new Error('sign-in answered without a session cookie');
		return { cookie: cookie.split(';')[0]! };
	}
	throw new Error(
		'The simulator needs a credential: --token <API token with write access to every ward> (create one at /admin/api-tokens), or --username and --password.'
	);
}

type WardRow = Partial<CaseCounts> & { code: string; name: string; zone: string | null; reportedAt: string | null };
type FacilityRow = FacilityBeds & { name: string };
/** A line of GET /api/quarantine/<code>/movements: the stored row, with who moved and from where. */
type MovementRow = { kind: string; amount: number | null; at: string; enteredAt: string | null; personKind: PersonKind | null; originWardCode: string | null };

async function live(): Promise<void> {
	const auth = await credentials();
	const get = async <T>(path: string): Promise<T> => {
		const res = await fetch(`${base}${path}`, { headers: auth });
		if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
		return (await res.json()) as T;
	};
	const post = async (path: string, body: unknown) =>
		fetch(`${base}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'idempotency-key': `sim-${crypto.randomUUID()}`, ...auth },
			body: JSON.stringify(body)
		});

	const wards = await get<WardRow[]>('/api/wards');
	if (wards.length === 0) throw new Error('this credential may not read any ward');
	const wardCodes = wards.map((w) => w.code);
	const { zoneLevels } = await get<{ zoneLevels: string[] }>('/api/district');
	const populations = new Map(
		(await get<{ wards: Array<{ code: string; population: number | null }> }>('/api/progress')).wards.map((w) => [w.code, w.population])
	);

	// Who is in each facility, from its history (a back-filled past included): they go home when their stay is over.
	const facilityList = () => get<FacilityRow[]>('/api/quarantine');
	const stays = new Map<string, Stay[]>();
	const f1Admissions = new Map<string, Array<{ at: Date; amount: number }>>();
	for (const f of await facilityList()) {
		const history = f.status === 'preparing' || f.status === 'closed' ? [] : await get<MovementRow[]>(`/api/quarantine/${f.code}/movements?limit=500`);
		const admissions = history
			.filter((m) => m.kind === 'admission')
			.map((m) => ({ ward: m.originWardCode, kind: m.personKind, amount: m.amount ?? 0, at: new Date(m.enteredAt ?? m.at) }));
		stays.set(f.code, staysFrom(rnd, admissions, f.occupied, wardCodes, new Date(), f.status === 'treating_f0' ? 'f0' : 'f1'));
		for (const a of admissions) if (a.ward && a.kind === 'f1') f1Admissions.set(a.ward, [...(f1Admissions.get(a.ward) ?? []), a]);
	}
	// Each ward picks up from its last report (a back-filled past included): same day, same running
	// totals, and its F1 still waiting (traced − moved), so its team moves them rather than forgets them.
	const sims = new Map<string, { sim: WardSim | null; at: number | null }>();
	for (const w of wards) {
		if (!w.reportedAt || !w.zone) {
			sims.set(w.code, { sim: null, at: null });
			continue;
		}
		const counts = Object.fromEntries(CASE_COUNT_FIELDS.map((f) => [f, w[f] ?? 0])) as CaseCounts;
		const reports = await get<Array<{ f1Traced: number; reportedAt: string; enteredAt: string | null }>>(`/api/wards/${w.code}/case-reports?limit=500`);
		const waiting = storedWaiting(
			reports.map((r) => ({ at: new Date(r.enteredAt ?? r.reportedAt), f1Traced: r.f1Traced })),
			f1Admissions.get(w.code) ?? [],
			new Date()
		);
		sims.set(w.code, { sim: wardSimFrom({ ...counts, zone: w.zone, at: new Date(w.reportedAt) }, waiting), at: Date.parse(w.reportedAt) });
	}
	const blockades = new Map<number, { wardCode: string; sim: BlockadeSim }>();
	for (const b of await get<Blockade[]>('/api/blockades')) blockades.set(b.id, { wardCode: b.wardCode, sim: blockadeSimFrom(b) });
	let blockadeNumber = Math.floor(rnd() * 900) + 100;
	// Each ward's cash-support files still pending, and when its welfare team last reported.
	const welfare = new Map<string, { pending: number; at: number }>();
	for (const w of (await get<{ wards: WardWelfare[] }>('/api/welfare')).wards)
		if (w.wardCode && w.total.cashPending !== null) welfare.set(w.wardCode, { pending: w.total.cashPending, at: Date.now() - 60 * 60_000 });
	console.log(`Simulating on ${base}: ${wards.length} wards, one entry every ${interval} ms. Ctrl-C to stop.`);

	let sent = 0;
	let refused = 0;
	let stopping = false;
	process.on('SIGINT', () => (stopping = true));
	process.on('SIGTERM', () => (stopping = true));
	const count = async (res: Response | null, what: string) => {
		if (!res) return;
		if (res.ok) sent++;
		else {
			refused++;
			console.warn(`refused (${res.status}) ${what}: ${(await res.text()).slice(0, 200)}`);
		}
	};

	/** Admits `n` people of `kind` from `wardCode` where the server says there are beds; returns how many found one. */
	async function admit(wardCode: string, kind: PersonKind, n: number): Promise<number> {
		if (n <= 0) return 0;
		let admitted = 0;
		for (const a of allocateBeds(await facilityList(), kind, n)) {
			const res = await post(`/api/quarantine/${a.code}/movements`, {
				kind: 'admission',
				amount: a.amount,
				personKind: kind,
				originWard: wardCode,
				note: SIMULATED.movementNote
			});
			if (res.ok) {
				admitted += a.amount;
				stays.set(a.code, [...(stays.get(a.code) ?? []), { ward: wardCode, kind, n: a.amount, until: stayUntil(rnd, kind, new Date()) }]);
			}
			await count(res, `admission ${a.amount} ${kind} from ${wardCode} to ${a.code}`);
		}
		return admitted;
	}

	/** A facility sends home those whose stay is over, each discharge naming their ward. */
	async function discharge(f: FacilityRow): Promise<void> {
		const { due, left } = dischargesDue(stays.get(f.code) ?? [], new Date());
		stays.set(f.code, left);
		let occupied = f.occupied;
		for (const d of due) {
			// Someone else may have discharged people meanwhile: never more than are in it.
			const amount = Math.min(d.amount, occupied);
			if (amount <= 0) continue;
			const res = await post(`/api/quarantine/${f.code}/movements`, {
				kind: 'discharge',
				amount,
				personKind: d.kind,
				originWard: d.ward,
				note: SIMULATED.movementNote
			});
			if (res.ok) occupied -= amount;
			await count(res, `discharge ${amount} ${d.kind} to ${d.ward} from ${f.name}`);
		}
	}

	/** After a ward's report: its blockades move on by one reporting interval, or one opens. */
	async function blockadeStep(w: WardRow, zone: string): Promise<void> {
		const mine = [...blockades.entries()].filter(([, b]) => b.wardCode === w.code);
		for (const [id, b] of mine) {
			const { sim, action } = nextBlockadeAction(rnd, b.sim, PROCESS_MINUTES_PER_REPORT);
			b.sim = sim;
			if (action.kind === 'round') {
				const { kind: _k, ...round } = action;
				// Live, the rounds' simulated days all fall on the real today: the round's day may not be in the future.
				await count(
					await post(`/api/blockades/${id}/test-rounds`, { ...round, date: dayKey(new Date()) }),
					`round ${action.round}/${action.of} blockade ${id}`
				);
			} else if (action.kind === 'lift') {
				await count(await post(`/api/blockades/${id}/lift`, { reference: SIMULATED.liftReference(100 + id), note: SIMULATED.liftNote }), `lift blockade ${id}`);
				blockades.delete(id);
			}
		}
		const open = maybeOpenBlockade(rnd, { zone, activeBlockades: mine.length }, zoneLevels, PROCESS_MINUTES_PER_REPORT);
		if (!open) return;
		const n = blockadeNumber++;
		const res = await post('/api/blockades', {
			wardCode: w.code,
			name: SIMULATED.blockadeName(n),
			address: SIMULATED.blockadeAddress(n, w.name),
			zone: zoneLevels.at(-1),
			startedAt: new Date().toISOString(),
			people: open.people,
			households: open.households
		});
		if (res.ok) blockades.set(((await res.clone().json()) as Blockade).id, { wardCode: w.code, sim: open.sim });
		await count(res, `open blockade ${w.name}`);
	}

	while (!stopping && sent + refused < limit) {
		const roll = rnd();
		let res: Response | null = null;
		let what = '';
		if (roll < 0.45) {
			const w = wards[Math.floor(rnd() * wards.length)]!;
			const state = sims.get(w.code)!;
			const now = new Date();
			// The day figures grow by the real time since the ward's last report (at most two hours' worth).
			const activityMinutes = state.at === null ? 30 : Math.min(120, (now.getTime() - state.at) / 60_000);
			const next = nextWardReport(
				rnd,
				state.sim,
				now,
				{ activityMinutes, processMinutes: PROCESS_MINUTES_PER_REPORT },
				zoneLevels,
				populations.get(w.code) ?? null
			);
			res = await post(`/api/wards/${w.code}/case-reports`, { ...next.report, note: SIMULATED.note, reporter: SIMULATED.reporter });
			what = `case report ${w.name}`;
			await count(res, what);
			if (res.ok) {
				// Its traced F1 go to quarantine on the real clock, as the day figures grow (a trip every few hours, all by 21:00).
				const moved = await admit(w.code, 'f1', f1ToMove(rnd, next.sim, now, activityMinutes));
				sims.set(w.code, { sim: takeF1(next.sim, moved), at: now.getTime() });
				await admit(w.code, 'f0', f0ToAdmit(rnd, next.newF0));
			}
			res = null;
			await blockadeStep(w, next.sim.zone);
			// Now and then its welfare team reports what it did since its last report (issue 14 §2).
			if (rnd() < 0.5) {
				const wf = welfare.get(w.code) ?? { pending: Math.floor(rnd() * 30), at: now.getTime() - 60 * 60_000 };
				const step = nextWelfareReport(rnd, wf, next.sim.zone, zoneLevels, Math.min(180, (now.getTime() - wf.at) / 60_000));
				const wr = await post(`/api/wards/${w.code}/welfare-reports`, step.report);
				if (wr.ok) welfare.set(w.code, { pending: step.pending, at: now.getTime() });
				await count(wr, `welfare report ${w.name}`);
			}
		} else if (roll < 0.8) {
			// Check someone in at a checkpoint, or end a duty: staffing moves on the wall.
			const cps =
				await get<Array<{ code: string; name: string; onDuty: Array<{ id: number; shiftKey: string; carriedOverTo: string | null }> }>>('/api/checkpoints');
			const c = cps[Math.floor(rnd() * cps.length)];
			// A check-in left from an ended shift: the next shift's leader closes it or carries it over.
			const stale = c ? splitDuty(c.onDuty, new Date()).notEnded[0] : undefined;
			if (c && stale) {
				const carry = rnd() < 0.5;
				res = await post(`/api/checkpoints/${c.code}/${carry ? 'carry-overs' : 'closures'}`, { dutyId: stale.id });
				what = `${carry ? 'carry-over' : 'close'} ${c.name}`;
			} else if (c && c.onDuty.length > 0 && rnd() < 0.4) {
				res = await post(`/api/checkpoints/${c.code}/check-outs`, { dutyId: c.onDuty[0]!.id });
				what = `check-out ${c.name}`;
			} else if (c) {
				const n = Math.floor(rnd() * 1_000_000);
				res = await post(`/api/checkpoints/${c.code}/check-ins`, {
					personName: SIMULATED.personName(n),
					personKey: `SIM${String(n).padStart(6, '0')}`,
					force: FORCES[Math.floor(rnd() * FORCES.length)]
				});
				what = `check-in ${c.name}`;
			}
		} else if (roll < 0.9) {
			const levels =
				await get<Array<{ warehouseCode: string; wardCode: string | null; itemCode: string; unit: string; onHand: number; issuedLast7Days: number }>>(
					'/api/stock'
				);
			const l = levels[Math.floor(rnd() * levels.length)];
			const m = l ? nextStockMovement(rnd, l.onHand, l.issuedLast7Days > 0 ? l.issuedLast7Days / 7 : Math.max(10, l.onHand / 20)) : null;
			if (l && m) {
				res =
					m.kind === 'receipt'
						? await post(`/api/warehouses/${l.warehouseCode}/receipts`, { item: l.itemCode, quantity: m.quantity, supplier: SIMULATED.supplier })
						: await post(`/api/warehouses/${l.warehouseCode}/issues`, {
								item: l.itemCode,
								quantity: m.quantity,
								destinationKind: 'households',
								destination: SIMULATED.households,
								packages: simulatedPackages(l.unit, m.quantity),
								// The district warehouse serves some ward's households: they count toward its aid packages.
								...(l.wardCode === null ? { destinationWard: wardCodes[Math.floor(rnd() * wardCodes.length)] } : {})
							});
				what = `${m.kind} ${m.quantity} ${l.itemCode} ${l.warehouseCode}`;
			}
		} else {
			// Admissions follow the wards' reports; here the facilities send home those whose stay is over.
			for (const f of await facilityList()) if (f.status !== 'preparing' && f.status !== 'closed') await discharge(f);
		}
		await count(res, what);
		if ((sent + refused) % 25 === 0 && sent + refused > 0) console.log(`${sent} entries sent, ${refused} refused`);
		await new Promise((r) => setTimeout(r, interval));
	}
	console.log(`Stopped: ${sent} entries sent, ${refused} refused.`);
}

async function runBackfill(period: string): Promise<void> {
	const minutes = parseBackfillPeriod(period);
	if (minutes === null) throw new Error(`--backfill ${period}: give a number of days or hours, e.g. --backfill 14d or --backfill 36h (1 h to 90 d).`);
	const config = loadConfig();
	const clock = createSimClock();
	let core;
	try {
		core = await createCore(config, createLogger({ logLevel: 'warn' }), { clock: clock.now });
	} catch (err) {
		if (err instanceof DataDirLockedError)
			throw new Error(
				`${err.message}\nThe back-fill writes into the database in this process: stop the server (npm start) first, back-fill, then start it again. On PostgreSQL (DATABASE_URL) the back-fill may run while the server runs.`,
				{ cause: err }
			);
		throw err;
	}
	try {
		console.log(`Back-filling ${period} into ${config.databaseUrl ? 'PostgreSQL' : `PGlite at ${config.dataDir}`}…`);
		const r = await backfill(core.services, clock, {
			minutes,
			seed,
			checkpointDays: args['checkpoint-days'] ? Number(args['checkpoint-days']) : undefined,
			log: (l) => console.log(l)
		});
		if (!r.from) console.log(`Nothing back-filled: ${r.reason}.`);
		else {
			console.log(`Back-filled ${r.from.toISOString()} → ${r.to!.toISOString()}:`, r.written, r.refused ? `(${r.refused} refused, see above)` : '');
			if (core.database.kind === 'postgres')
				console.log('A running server shows the past on its next snapshot (walls reload or resync on their own; the history pages at once).');
		}
	} finally {
		await core.close();
	}
}

(args.backfill ? runBackfill(args.backfill) : live()).catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
