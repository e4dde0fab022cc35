/** The live protocol's server side: snapshots and resumption from the outbox. */
import type { LiveSnapshot, ResumeReply } from '../../contracts/live.ts';
import type { Db } from '../db/client.ts';
import type { CaseService } from './cases.ts';
import type { District } from './district.ts';
import { currentSeq, eventsSince } from './outbox.ts';

/** More missed events than this and a snapshot is cheaper than replaying them. */
export const MAX_REPLAY = 500;

export interface LiveService {
	snapshot(): Promise<LiveSnapshot>;
	resume(since: number | null): Promise<ResumeReply>;
}

export function createLiveService(deps: { db: Db; district: District; cases: CaseService }): LiveService {
	const { db, district, cases } = deps;

	async function snapshot(): Promise<LiveSnapshot> {
		// One repeatable-read transaction: the figures and the seq describe the same moment.
		return db.transaction(
			async (tx) => {
				const seq = await currentSeq(tx);
				const latest = await cases.latestByWard(tx);
				return {
					seq,
					at: new Date().toISOString(),
					district: district.view,
					wards: district.wards.map((w) => ({ ...w, latest: latest.get(w.code) ?? null }))
				};
			},
			{ isolationLevel: 'repeatable read', accessMode: 'read only' }
		);
	}

	return {
		snapshot,
		async resume(since) {
			if (since !== null) {
				const events = await eventsSince(db, since, MAX_REPLAY);
				if (events) return { mode: 'events', events, seq: events.at(-1)?.seq ?? since };
			}
			return { mode: 'snapshot', snapshot: await snapshot() };
		}
	};
}
