/**
 * The wall page's state: its live connection, which playlist it plays (URL, saved layout or the
 * kiosk's layout — followed live as layouts change), where the rotation stands, and the
 * self-reload watchdog. Components read getters; the rules are in lib/domain (wall-layout.ts,
 * playlist.ts, watchdog.ts).
 */
import type { LiveSnapshot } from '$lib/contracts/live';
import { formatPlaylist, playlistPosition, type WallView } from '$lib/domain/playlist';
import { chooseWallPlaylist, type WallChoice, type WallRequest } from '$lib/domain/wall-layout';
import { DEFAULT_WATCHDOG_POLICY, WATCHDOG_CHECK_MS, watchdogVerdict, type ReloadReason, type WatchdogPolicy } from '$lib/domain/watchdog';
import { districtTotals, type DistrictTotals } from '$lib/domain/cases';
import { nextReportSlot } from '$lib/domain/schedule';
import { countTasks, rollUpTasks, type TaskRollup } from '$lib/domain/tasks';
import { readinessOf, type ReadinessPicture } from '$lib/domain/readiness';
import { computeAlerts, type Alert } from '$lib/presentation/alerts';
import { bedSummary, thresholdsOf, type OccupancyThresholds } from '$lib/domain/quarantine';
import { scheduleOf, type ReportSchedule } from '$lib/domain/overdue';
import { blockadesPicture, type BlockadesPicture } from '$lib/domain/blockade';
import { progressOf, progressTrend, type Progress } from '$lib/domain/progress';
import { welfareAt, type Welfare } from '$lib/domain/welfare';
import { flowOf, type FlowPicture } from '$lib/domain/f1-flow';
import { DISTRICT_UNIT, dutyAt, type UnitOnDuty } from '$lib/domain/duty';
import { currentShift } from '$lib/domain/checkpoint';
import { LiveConnection } from './live.svelte';

/** sessionStorage: survives the reload (same tab, same URL), so the next page knows not to loop. */
const RELOAD_KEY = 'cp.wall.lastReload';
const HEALTH_TIMEOUT_MS = 5_000;

/** What the watchdog touches in the browser; replaceable so the class runs without one. */
export interface WallEnvironment {
	now(): number;
	/** Reloads the page at its current URL (kiosk cookie and ?layout= stay). */
	reload(): void;
	storage: Pick<Storage, 'getItem' | 'setItem'> | null;
	/** True when GET /api/health answered 2xx. */
	health(): Promise<boolean>;
	/** performance.memory where the browser has it (Chromium), else null. */
	heap(): { used: number; limit: number } | null;
}

function browserEnvironment(): WallEnvironment {
	let storage: Storage | null = null;
	try {
		storage = window.sessionStorage;
	} catch {
		// Storage disabled (some TV browsers): the watchdog then never reloads, see lastReloadAt.
	}
	return {
		now: () => Date.now(),
		reload: () => window.location.reload(),
		storage,
		async health() {
			// AbortController + setTimeout, not AbortSignal.timeout: TVs run Chromium 79.
			const ctrl = new AbortController();
			const timer = setTimeout(() => ctrl.abort(), HEALTH_TIMEOUT_MS);
			try {
				return (await fetch('/api/health', { cache: 'no-store', signal: ctrl.signal })).ok;
			} catch {
				return false;
			} finally {
				clearTimeout(timer);
			}
		},
		heap() {
			const m = (performance as Performance & { memory?: { usedJSHeapSize: number; jsHeapSizeLimit: number } }).memory;
			return m ? { used: m.usedJSHeapSize, limit: m.jsHeapSizeLimit } : null;
		}
	};
}

export interface LastReload {
	at: number;
	reason: ReloadReason;
}

function readLastReload(storage: WallEnvironment['storage']): LastReload | null {
	try {
		const v = JSON.parse(storage?.getItem(RELOAD_KEY) ?? 'null') as Partial<LastReload> | null;
		return v && typeof v.at === 'number' && typeof v.reason === 'string' ? (v as LastReload) : null;
	} catch {
		return null;
	}
}

export class WallState {
	readonly live: LiveConnection;
	#initial: LiveSnapshot;
	#request: WallRequest;
	#policy: WatchdogPolicy;
	#env: WallEnvironment | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#lastRenderAt = Date.now();
	#previousCheckAt: number | null = null;
	#healthOkAt: number | null = null;
	#probing = false;
	#lastReload = $state<LastReload | null>(null);

	#choice = $derived.by(() => {
		const snap = this.snapshot;
		return chooseWallPlaylist(this.#request, snap.kiosk?.layoutSlug ?? null, snap.layouts);
	});

	// Rotation restarts at the first view when the playlist's content changes (a layout edited
	// live), and only then — a fresh snapshot with the same layout keeps its place. Plain fields:
	// bookkeeping of the derivation, never read by a template.
	#epochKey: string | null = null;
	#epochAt = 0;
	#position = $derived.by(() => {
		const items = this.#choice.items;
		const now = this.live.now.getTime();
		const key = formatPlaylist(items);
		if (key !== this.#epochKey) {
			this.#epochKey = key;
			this.#epochAt = now;
		}
		return playlistPosition(items, now - this.#epochAt);
	});

	// What the wall shows, derived from the snapshot and the clock: the page renders, this decides.
	#totals = $derived.by(() => districtTotals(this.snapshot.wards, this.snapshot.district.zoneScheme, this.live.now));
	// The same schedule the server generates reports on (REPORT_SLOTS), not a copy of it.
	#next = $derived.by(() => nextReportSlot(this.live.now, this.snapshot.district.reportSlots));
	// Recounted as the clock moves: a task falls overdue by the clock, not by an edit.
	#tasks = $derived.by(() => countTasks(this.snapshot.tasks, this.live.now));
	// The focus roll-up (issue 14 §4) follows the clock too; readiness only the cards' checklists.
	#rollup = $derived.by(() => rollUpTasks(this.snapshot.tasks, this.live.now));
	#readiness = $derived.by(() => readinessOf(this.snapshot.tasks));
	// Which wards are late with their report: the same slots, and the district's grace after each.
	#schedule = $derived.by(() => scheduleOf(this.snapshot.district));
	#thresholds = $derived.by(() => thresholdsOf(this.snapshot.district.alerts));
	// An older cached snapshot (from before blockades) has none: the view then says so.
	#blockades = $derived.by(() => blockadesPicture(this.snapshot.blockades ?? [], this.live.now));
	// A cached snapshot from before testing progress has no day series: the view then says so.
	#progress = $derived.by(() =>
		this.snapshot.trend.series && this.snapshot.district.vaccination
			? progressOf(this.snapshot.trend, this.snapshot.wards, this.snapshot.district.vaccination, this.live.now)
			: null
	);
	// Social welfare today and to date, rolled over at the wall's own midnight (issue 14 §2); a cached snapshot from before it has none.
	#welfare = $derived.by(() => (this.snapshot.welfare ? welfareAt(this.snapshot.welfare, this.live.now) : null));
	#progressTrend = $derived.by(() => (this.snapshot.trend.series ? progressTrend(this.snapshot.trend) : null));
	#flow = $derived.by(() =>
		this.snapshot.trend.flow
			? flowOf(
					this.snapshot.trend,
					this.snapshot.wards.map((w) => w.code),
					this.live.now
				)
			: null
	);
	// Free quarantine beds (not those converted to treating F0): what the F1 waiting must fit into.
	#freeBeds = $derived.by(() => bedSummary(this.snapshot.facilities).quarantine.free);
	// Who leads the running shift at the district's post and each ward's: follows duty:changed and the clock's shift change.
	#duty = $derived.by(() => {
		const snap = this.snapshot;
		// A wall that outlived its snapshot's window does not know the roster: it says nothing rather than "none".
		if (!snap.duty || !snap.duty.days.includes(currentShift(this.live.now).key.slice(0, 10))) return null;
		const units = [
			...(snap.scope.ward === null ? [{ unit: DISTRICT_UNIT, name: snap.district.name, hotline: snap.district.hotline ?? null }] : []),
			...snap.wards.map((w) => ({ unit: w.code, name: w.name, hotline: w.hotline }))
		];
		const d = dutyAt(units, snap.duty.shifts, this.live.now);
		return { shiftKey: d.shift.key, byUnit: new Map(d.units.map((u) => [u.unit, u])) };
	});
	#alerts = $derived.by(() => computeAlerts(this.snapshot, this.live.now, { occupancy: this.#thresholds }));

	constructor(initial: LiveSnapshot, request: WallRequest, policy: WatchdogPolicy = DEFAULT_WATCHDOG_POLICY) {
		this.#initial = initial;
		this.#request = request;
		this.#policy = policy;
		this.live = new LiveConnection(initial);
	}

	/** The figures on screen: live, or the first paint's until the connection has its own. */
	get snapshot(): LiveSnapshot {
		return this.live.snapshot ?? this.#initial;
	}
	get choice(): WallChoice {
		return this.#choice;
	}
	get position(): { index: number; remainingMs: number } {
		return this.#position;
	}
	get view(): WallView {
		return this.#choice.items[this.#position.index]?.view ?? 'overview';
	}
	/** District totals of the wards' latest reports, now. */
	get totals(): DistrictTotals {
		return this.#totals;
	}
	/** When the next situation report is due. */
	get nextReport(): Date {
		return this.#next;
	}
	/** Open / overdue / due-today tasks, district-wide and by ward, at the wall's clock. */
	get tasks(): ReturnType<typeof countTasks> {
		return this.#tasks;
	}
	/** Open / overdue / done per focus area, by ward, and the open tasks without an assignee. */
	get rollup(): TaskRollup {
		return this.#rollup;
	}
	/** Readiness checklists' completion per ward and template. */
	get readiness(): ReadinessPicture {
		return this.#readiness;
	}
	get schedule(): ReportSchedule {
		return this.#schedule;
	}
	/** The operator's bed thresholds (the district file): the same the alert strip and the tablets use. */
	get thresholds(): OccupancyThresholds {
		return this.#thresholds;
	}
	get alerts(): Alert[] {
		return this.#alerts;
	}
	/** The active blockades as the blockade view shows them. */
	get blockades(): BlockadesPicture {
		return this.#blockades;
	}
	/** Testing and vaccination per ward and the district's, now (null: the snapshot predates them). */
	get progress(): Progress | null {
		return this.#progress;
	}
	/** Social welfare per ward and the district's, now (null: the snapshot predates it). */
	get welfare(): Welfare | null {
		return this.#welfare;
	}
	/** The district's samples, positives and doses per day of the trend window. */
	get progressTrend(): ReturnType<typeof progressTrend> | null {
		return this.#progressTrend;
	}
	/** F1 waiting to be moved, moved and returned home, per ward and the district's (null: the snapshot predates them). */
	get flow(): FlowPicture | null {
		return this.#flow;
	}
	/** Who is on duty now per unit (`district`, ward codes); null: a snapshot from before the roster. */
	get duty(): { shiftKey: string; byUnit: Map<string, UnitOnDuty> } | null {
		return this.#duty;
	}
	get freeBeds(): number {
		return this.#freeBeds;
	}
	/** The ward grid: at least 3 columns, 3 rows at most for 14 wards on a TV. */
	get grid(): { cols: number; rows: number } {
		const n = this.snapshot.wards.length;
		const cols = Math.max(3, Math.ceil(n / 3));
		return { cols, rows: Math.ceil(n / cols) };
	}

	/** The watchdog's last reload in this tab (shown small on the wall, for whoever wonders why). */
	get lastReload(): LastReload | null {
		return this.#lastReload;
	}

	/** The page calls this each time it has rendered a clock tick: the watchdog's proof of life. */
	rendered(): void {
		this.#lastRenderAt = this.#env?.now() ?? Date.now();
	}

	/** Browser only (onMount). */
	start(env: WallEnvironment = browserEnvironment()): void {
		this.#env = env;
		this.#lastRenderAt = env.now();
		this.#lastReload = readLastReload(env.storage);
		this.live.start();
		this.#timer = setInterval(() => this.#check(), WATCHDOG_CHECK_MS);
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.live.stop();
	}

	#check(): void {
		const env = this.#env;
		if (!env) return;
		const now = env.now();
		const down = this.live.status === 'ended' ? null : (this.live.downSince?.getTime() ?? null);
		const verdict = watchdogVerdict(
			{
				now,
				lastRenderAt: this.#lastRenderAt,
				previousCheckAt: this.#previousCheckAt,
				// A wall whose access ended stays blank on purpose: nothing to recover by reloading.
				liveDownSince: down,
				healthOkAt: this.#healthOkAt,
				heap: env.heap(),
				// No storage → no memory of the last reload → never reload (a loop is worse than a stuck TV).
				lastReloadAt: env.storage ? (readLastReload(env.storage)?.at ?? null) : now
			},
			this.#policy
		);
		this.#previousCheckAt = now;
		if (verdict.action === 'probe_health') void this.#probe();
		if (verdict.action === 'reload') {
			const record: LastReload = { at: now, reason: verdict.reason };
			try {
				env.storage?.setItem(RELOAD_KEY, JSON.stringify(record));
			} catch {
				return; // cannot remember it: do not reload (see above)
			}
			console.warn('wall watchdog: reloading', verdict.reason);
			env.reload();
		}
	}

	async #probe(): Promise<void> {
		if (this.#probing || !this.#env) return;
		this.#probing = true;
		try {
			if (await this.#env.health()) this.#healthOkAt = this.#env.now();
		} finally {
			this.#probing = false;
		}
	}
}
