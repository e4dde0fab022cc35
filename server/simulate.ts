/**
 * `npm run simulate`: plausible live activity (case reports, check-ins/outs, stock receipts and
 * issues, bed admissions/discharges) for demonstrations and load tests, sent to a running
 * server through its own JSON API (so every entry passes the same validation, authorization,
 * audit and live path as a tablet's). Every report it sends is marked as simulated.
 *
 *   npm run simulate -- --url http://localhost:3000 --token cpa_…           (an API token, write, all wards)
 *   npm run simulate -- --url http://localhost:3000 --username admin --password …
 *   Options: --interval <ms between entries, default 2000> --count <entries, default unlimited> --seed <n>
 */
import { parseArgs } from 'node:util';
import { nextBedMovement, nextCaseFigures } from '../src/lib/domain/simulation.ts';
import type { CaseCounts } from '../src/lib/domain/cases.ts';
import { FORCES, splitDuty } from '../src/lib/domain/checkpoint.ts';

const { values: args } = parseArgs({
	options: {
		url: { type: 'string', default: 'http://localhost:3000' },
		token: { type: 'string' },
		username: { type: 'string' },
		password: { type: 'string' },
		interval: { type: 'string', default: '2000' },
		count: { type: 'string' },
		seed: { type: 'string' }
	}
});

const base = args.url.replace(/\/$/, '');
const interval = Math.max(50, Number(args.interval) || 2000);
const limit = args.count ? Number(args.count) : Infinity;
let seed = Number(args.seed ?? Date.now()) | 0;
/** mulberry32: reproducible runs with --seed. */
const rnd = () => {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

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

async function main(): Promise<void> {
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

	const wards = await get<Array<CaseCounts & { code: string; name: string; zone: string | null; reportedAt: string | null }>>('/api/wards');
	if (wards.length === 0) throw new Error('this credential may not read any ward');
	const { zoneLevels } = await get<{ zoneLevels: string[] }>('/api/district');
	const last = new Map<string, CaseCounts | null>(wards.map((w) => [w.code, w.reportedAt ? w : null]));
	console.log(`Simulating on ${base}: ${wards.length} wards, one entry every ${interval} ms. Ctrl-C to stop.`);

	let sent = 0;
	let refused = 0;
	let stopping = false;
	process.on('SIGINT', () => (stopping = true));
	process.on('SIGTERM', () => (stopping = true));
	while (!stopping && sent + refused < limit) {
		const roll = rnd();
		let res: Response | null = null;
		let what = '';
		if (roll < 0.45) {
			const w = wards[Math.floor(rnd() * wards.length)]!;
			const figures = nextCaseFigures(rnd, last.get(w.code) ?? null, zoneLevels);
			res = await post(`/api/wards/${w.code}/case-reports`, { ...figures, note: 'Dữ liệu mô phỏng / simulated', reporter: 'Trình mô phỏng' });
			if (res.ok) last.set(w.code, figures);
			what = `case report ${w.name}`;
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
				const forces = FORCES;
				const n = Math.floor(rnd() * 1_000_000);
				res = await post(`/api/checkpoints/${c.code}/check-ins`, {
					personName: `Cán bộ mô phỏng ${n}`,
					personKey: `SIM${String(n).padStart(6, '0')}`,
					force: forces[Math.floor(rnd() * forces.length)]
				});
				what = `check-in ${c.name}`;
			}
		} else if (roll < 0.9) {
			const levels = await get<Array<{ warehouseCode: string; itemCode: string; onHand: number }>>('/api/stock');
			const l = levels[Math.floor(rnd() * levels.length)];
			if (l) {
				const receive = l.onHand < 50 || rnd() < 0.4;
				const quantity = 1 + Math.floor(rnd() * Math.max(1, receive ? 200 : Math.min(60, l.onHand)));
				res = receive
					? await post(`/api/warehouses/${l.warehouseCode}/receipts`, { item: l.itemCode, quantity, supplier: 'Siêu thị (mô phỏng)' })
					: await post(`/api/warehouses/${l.warehouseCode}/issues`, {
							item: l.itemCode,
							quantity,
							destinationKind: 'households',
							destination: 'Hộ gia đình (mô phỏng)'
						});
				what = `${receive ? 'receipt' : 'issue'} ${quantity} ${l.itemCode} ${l.warehouseCode}`;
			}
		} else {
			const facilities = await get<Array<{ code: string; name: string; capacity: number; occupied: number; status: string }>>('/api/quarantine');
			const open = facilities.filter((f) => f.status !== 'preparing');
			const f = open[Math.floor(rnd() * open.length)];
			const m = f ? nextBedMovement(rnd, f) : null;
			if (f && m) {
				res = await post(`/api/quarantine/${f.code}/movements`, { ...m, note: 'Mô phỏng' });
				what = `${m.kind} ${m.amount} ${f.name}`;
			}
		}
		if (res) {
			if (res.ok) sent++;
			else {
				refused++;
				console.warn(`refused (${res.status}) ${what}: ${(await res.text()).slice(0, 200)}`);
			}
		}
		if ((sent + refused) % 25 === 0 && sent + refused > 0) console.log(`${sent} entries sent, ${refused} refused`);
		await new Promise((r) => setTimeout(r, interval));
	}
	console.log(`Stopped: ${sent} entries sent, ${refused} refused.`);
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
