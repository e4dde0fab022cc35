/**
 * How a client applies the live protocol: pure, so the wall's logic is tested without a socket.
 */
import type { LiveEvent, LiveSnapshot } from './live.ts';
import { applyFlowToTrend, applyReportToTrend, rollTo } from './trend.ts';
import { byRecency } from './blockade.ts';
import { zoneChangeOf } from './zones.ts';
import { entryTime } from './entry-time.ts';
import { replaceWardWelfare } from './welfare.ts';

export type Arrival = 'apply' | 'duplicate' | 'gap';

/**
 * Where an event stands against the last applied seq. A district-wide reader sees every event,
 * so the next one is seq + 1; a reader limited to one ward checks the event's ward predecessor.
 */
export function classifyArrival(lastSeq: number | null, eventSeq: number, wardPrevSeq?: number | null): Arrival {
	if (lastSeq === null) return 'gap';
	if (eventSeq <= lastSeq) return 'duplicate';
	if (wardPrevSeq !== undefined) return (wardPrevSeq ?? 0) <= lastSeq ? 'apply' : 'gap';
	if (eventSeq === lastSeq + 1) return 'apply';
	return 'gap';
}

/** The snapshot after one event; unknown event kinds only advance the seq. */
export function applyEvent(snapshot: LiveSnapshot, event: LiveEvent): LiveSnapshot {
	switch (event.type) {
		case 'cases:reported':
			return {
				...snapshot,
				seq: event.seq,
				// A report in another zone starts the ward's time in it, at the time it was made (the server's zone_changes rule).
				wards: snapshot.wards.map((w) =>
					w.code === event.wardCode
						? {
								...w,
								latest: event.report,
								...(zoneChangeOf(w.latest?.zone ?? null, event.report.zone)
									? { zoneSince: entryTime(event.report), zoneFrom: w.latest?.zone ?? null }
									: { zoneSince: w.zoneSince ?? null })
							}
						: w
				),
				// The event's commit time is "now" for the trend: pure, and the same on every client.
				trend: applyReportToTrend(snapshot.trend, event.report, new Date(event.at))
			};
		case 'quarantine:flow': {
			// Rolled on the event's commit time first, as a report is: the same day on every client.
			return { ...snapshot, seq: event.seq, trend: applyFlowToTrend(rollTo(snapshot.trend, new Date(event.at)), event) };
		}
		case 'quarantine:changed': {
			const others = snapshot.facilities.filter((f) => f.code !== event.facility.code);
			if (event.retired) return { ...snapshot, seq: event.seq, facilities: others };
			return { ...snapshot, seq: event.seq, facilities: [...others, event.facility].sort((a, b) => a.name.localeCompare(b.name, 'vi')) };
		}
		case 'stock:moved': {
			const key = (l: { warehouseCode: string; itemCode: string }) => `${l.warehouseCode}|${l.itemCode}`;
			const moved = new Map(event.levels.map((l) => [key(l), l]));
			const kept = snapshot.stock.map((l) => moved.get(key(l)) ?? l);
			const added = event.levels.filter((l) => !snapshot.stock.some((s) => key(s) === key(l)));
			return { ...snapshot, seq: event.seq, stock: [...kept, ...added] };
		}
		case 'quarantine:target':
			return { ...snapshot, seq: event.seq, district: { ...snapshot.district, quarantineBedTarget: event.quarantineBedTarget } };
		case 'stock:retired':
			return {
				...snapshot,
				seq: event.seq,
				stock: snapshot.stock.filter((l) => !(l.warehouseCode === event.warehouseCode && (event.itemCode === null || l.itemCode === event.itemCode)))
			};
		case 'checkpoints:changed': {
			// Replace in place; a new one is added in ward order; a retired one leaves.
			const others = snapshot.checkpoints.filter((c) => c.code !== event.checkpoint.code);
			if (event.retired) return { ...snapshot, seq: event.seq, checkpoints: others };
			const known = snapshot.checkpoints.some((c) => c.code === event.checkpoint.code);
			const checkpoints = known
				? snapshot.checkpoints.map((c) => (c.code === event.checkpoint.code ? event.checkpoint : c))
				: [...others, event.checkpoint].sort((a, b) => a.wardCode.localeCompare(b.wardCode) || a.code.localeCompare(b.code));
			return { ...snapshot, seq: event.seq, checkpoints };
		}
		case 'layouts:changed': {
			const others = snapshot.layouts.filter((l) => l.slug !== event.slug);
			const layouts = event.layout ? [...others, event.layout].sort((a, b) => a.slug.localeCompare(b.slug)) : others;
			return { ...snapshot, seq: event.seq, layouts };
		}
		case 'kiosks:layout-changed':
			// Every wall hears every kiosk's change; only the kiosk it names takes it.
			return {
				...snapshot,
				seq: event.seq,
				kiosk: snapshot.kiosk?.id === event.kioskId ? { ...snapshot.kiosk, layoutSlug: event.layoutSlug } : snapshot.kiosk
			};
		case 'tasks:changed':
			// The event carries the ward's whole list: replace, never add (a replay stays exact).
			return { ...snapshot, seq: event.seq, tasks: [...snapshot.tasks.filter((t) => t.wardCode !== event.wardCode), ...event.tasks] };
		case 'blockades:changed': {
			// The snapshot holds the active ones: a lifted blockade leaves, any other replaces its old self.
			const others = (snapshot.blockades ?? []).filter((b) => b.id !== event.blockade.id);
			const blockades = event.blockade.liftedAt === null ? [...others, event.blockade].sort(byRecency) : others;
			// Checkpoints that name it show its new name, or "(đã gỡ)": a lifted one stays linked.
			const b = event.blockade;
			const checkpoints = snapshot.checkpoints.map((c) => (c.blockade?.id === b.id ? { ...c, blockade: { id: b.id, name: b.name, liftedAt: b.liftedAt } } : c));
			return { ...snapshot, seq: event.seq, blockades, checkpoints };
		}
		case 'duty:changed': {
			// The event carries the unit's whole day: replace it; a day outside the window is not kept.
			if (!snapshot.duty) return { ...snapshot, seq: event.seq };
			const { unit, date } = event;
			const kept = snapshot.duty.shifts.filter((s) => !(s.unit === unit && s.date === date));
			const added = snapshot.duty.days.includes(date) ? event.shifts.map((s) => ({ ...s, unit, date })) : [];
			return { ...snapshot, seq: event.seq, duty: { ...snapshot.duty, shifts: [...kept, ...added] } };
		}
		case 'welfare:reported':
			// The ward's whole row: replace, never add.
			return { ...snapshot, seq: event.seq, welfare: replaceWardWelfare(snapshot.welfare ?? [], event.welfare) };
		default:
			return { ...snapshot, seq: (event as LiveEvent).seq };
	}
}

/**
 * The client side of the live protocol as a state machine with no I/O: events that arrive while
 * a resume is in flight are held and replayed after it; a gap asks for a resume. The caller owns
 * the socket and calls `needsResume()` after every input.
 */
export class LiveFeed {
	snapshot: LiveSnapshot | null;
	#held: LiveEvent[] = [];
	#resuming = false;
	#wantResume = false;

	constructor(initial: LiveSnapshot | null = null) {
		this.snapshot = initial;
	}

	get seq(): number | null {
		return this.snapshot?.seq ?? null;
	}

	/** A resume request is being sent: hold live events until its reply. */
	beginResume(): void {
		this.#resuming = true;
		this.#wantResume = false;
	}

	/** The resume could not complete (disconnect, error): ask again when possible. */
	failResume(): void {
		this.#resuming = false;
		this.#wantResume = true;
	}

	onEvent(event: LiveEvent): void {
		if (this.#resuming) {
			this.#held.push(event);
			return;
		}
		this.#accept(event);
	}

	onSnapshot(snapshot: LiveSnapshot): void {
		this.snapshot = snapshot;
		this.#finishResume();
	}

	/** Missed events from the server are authoritative: applied in order even across seq holes. */
	onEvents(events: LiveEvent[]): void {
		if (this.snapshot) {
			for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
				if (e.seq > this.snapshot.seq) this.snapshot = applyEvent(this.snapshot, e);
			}
		}
		this.#finishResume();
	}

	needsResume(): boolean {
		return this.#wantResume && !this.#resuming;
	}

	#finishResume(): void {
		this.#resuming = false;
		const held = this.#held.sort((a, b) => a.seq - b.seq);
		this.#held = [];
		for (const e of held) this.#accept(e);
	}

	#accept(event: LiveEvent): void {
		if (!this.snapshot) {
			this.#wantResume = true;
			return;
		}
		const wardScoped = this.snapshot.scope.ward !== null;
		const arrival = classifyArrival(this.snapshot.seq, event.seq, wardScoped ? event.wardPrevSeq : undefined);
		if (arrival === 'apply') this.snapshot = applyEvent(this.snapshot, event);
		else if (arrival === 'gap') this.#wantResume = true;
	}
}
