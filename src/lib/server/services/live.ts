/** The live protocol's server side: snapshots and resumption from the outbox, per reader's scope. */
import type { LiveSnapshot, ResumeReply } from '../../contracts/live.ts';
import { readScope, type Principal } from '../../domain/access.ts';
import type { Db } from '../db/client.ts';
import { ForbiddenError } from '../errors.ts';
import type { CaseService } from './cases.ts';
import type { QuarantineService } from './quarantine.ts';
import type { StockService } from './stock.ts';
import type { CheckpointService } from './checkpoints.ts';
import type { WallLayoutService } from './wall-layouts.ts';
import type { District } from './district.ts';
import { currentSeq, eventsSince } from './outbox.ts';
import type { BoardService } from './boards.ts';
import type { BlockadeService } from './blockades.ts';
import type { ZoneService } from './zones.ts';
import type { ProgressService } from './progress.ts';
import type { DutyService } from './duty.ts';
import type { WelfareService } from './welfare.ts';

/** More missed events than this and a snapshot is cheaper than replaying them. */
const MAX_REPLAY = 500;

export interface LiveService {
	/** What `reader` may see: the whole district, or its one ward. */
	snapshot(reader: Principal): Promise<LiveSnapshot>;
	resume(reader: Principal, since: number | null): Promise<ResumeReply>;
	/** The ward a reader is limited to (null = district-wide); throws when it may read nothing. */
	scopeOf(reader: Principal): string | null;
}

export function createLiveService(deps: {
	db: Db;
	district: District;
	cases: CaseService;
	quarantine: QuarantineService;
	stock: StockService;
	checkpoints: CheckpointService;
	wallLayouts: WallLayoutService;
	boards: BoardService;
	blockades: BlockadeService;
	zones: ZoneService;
	progress: ProgressService;
	duty: DutyService;
	welfare: WelfareService;
	/** The services' one clock: the trend's "today" and the snapshot's time agree with every figure's. */
	clock?: () => Date;
}): LiveService {
	const { db, district, cases, quarantine, stock, checkpoints, wallLayouts, boards, blockades, zones, progress, duty, welfare } = deps;
	const clock = deps.clock ?? (() => new Date());

	function scopeOf(reader: Principal): string | null {
		const scope = readScope(reader);
		if (!scope) throw new ForbiddenError('ward:read');
		return scope.ward;
	}

	async function snapshot(reader: Principal): Promise<LiveSnapshot> {
		const ward = scopeOf(reader);
		// One repeatable-read transaction: the figures and the seq describe the same moment.
		// Outside the write path: a read (the snapshot), no change.
		return db.transaction(
			async (tx) => {
				const seq = await currentSeq(tx);
				const latest = await cases.latestByWard(tx);
				const zoneSince = await zones.sinceByWard(tx);
				const facilities = await quarantine.list(reader, ward, tx);
				const now = clock();
				const wards = ward ? district.wards.filter((w) => w.code === ward) : district.wards;
				return {
					seq,
					scope: { ward },
					at: now.toISOString(),
					// The bed target is set at run time, perhaps by another process: read with the figures.
					district: { ...district.view, quarantineBedTarget: await quarantine.bedTarget(tx) },
					wards: wards.map((w) => ({
						...w,
						latest: latest.get(w.code) ?? null,
						zoneSince: zoneSince.get(w.code)?.at ?? null,
						zoneFrom: zoneSince.get(w.code)?.from ?? null
					})),
					facilities,
					trend: await progress.trendAt(
						tx,
						wards.map((w) => w.code)
					),
					stock: await stock.levels(reader, ward ?? undefined, tx),
					checkpoints: await checkpoints.list(reader, ward ?? undefined, tx),
					layouts: await wallLayouts.list(reader, tx),
					tasks: await boards.liveTasks(ward ?? undefined, tx),
					blockades: await blockades.list(reader, { ward: ward ?? undefined }, tx),
					duty: await duty.picture(reader, ward, tx, now),
					welfare: await welfare.rows(reader, tx),
					kiosk: reader.kind === 'kiosk' ? { id: reader.id, layoutSlug: await wallLayouts.kioskLayout(reader, tx) } : null
				};
			},
			{ isolationLevel: 'repeatable read', accessMode: 'read only' }
		);
	}

	return {
		snapshot,
		scopeOf,
		async resume(reader, since) {
			const ward = scopeOf(reader);
			if (since !== null) {
				const events = await eventsSince(db, since, MAX_REPLAY, ward);
				if (events) return { mode: 'events', events, seq: events.at(-1)?.seq ?? since };
			}
			return { mode: 'snapshot', snapshot: await snapshot(reader) };
		}
	};
}
