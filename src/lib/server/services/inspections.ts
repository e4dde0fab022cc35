/**
 * Inspections (issue 14 §3): an inspector of a board — or a district commander, or an admin —
 * records what it found on a card (or on a ward's readiness). One command does it all: the
 * immutable row (superseding the subject's previous inspection), its audit row, the live event
 * `inspections:recorded`, and the consequence on the card in the board's document (pass → done;
 * fail → back to *Đang làm* with the findings as a comment; recommend → done, the recommendation
 * open — domain/inspections `consequence`). Either everything commits or nothing does.
 *
 * There is no update and no delete, here or anywhere: a later inspection supersedes.
 */
import { and, desc, eq, gt, isNull, lte, sql, type SQL } from 'drizzle-orm';
import * as Y from 'yjs';
import { inspectionInput } from '../../contracts/inspections.ts';
import { fieldError, parseWith } from '../../contracts/errors.ts';
import { actorLabel, can, type Principal } from '../../domain/access.ts';
import { addComment, moveCard, readBoard } from '../../domain/board.ts';
import { DOING_COLUMN, REVIEW_COLUMN, UNSORTED } from '../../domain/board-model.ts';
import {
	consequence,
	newestFirst,
	openRecommendations,
	reportInspection,
	subjectKey,
	type Conclusion,
	type Inspection,
	type ReportInspections
} from '../../domain/inspections.ts';
import { boards as boardsTable, inspections } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { EventBus } from '../realtime/bus.ts';
import { authorize, createCommand } from './command.ts';
import type { BoardService } from './boards.ts';
import type { District } from './district.ts';

type Row = typeof inspections.$inferSelect;

function toInspection(r: Row): Inspection {
	return {
		id: r.id,
		board: r.boardId,
		card: r.cardId,
		cardTitle: r.cardTitle,
		ward: r.wardCode,
		inspector: { kind: r.inspectorKind, id: r.inspectorId, name: r.inspectorName },
		at: r.at.toISOString(),
		conclusion: r.conclusion as Conclusion,
		findings: r.findings,
		supersedes: r.supersedes
	};
}

/** Per-subject lock (two-key space, apart from the app's other locks): one chain per subject. */
const SUBJECT_LOCK_NAMESPACE = 0x43_50_69_6e; // "CP" + "in"

export interface DistrictInspections {
	/** The most recent inspections, newest first. */
	recent: Inspection[];
	/** Every subject whose present verdict is chưa đạt or kiến nghị, newest first. */
	open: Inspection[];
}

export function createInspectionService(deps: { db: Db; bus: EventBus; inflight: Inflight; district: District; boards: BoardService; clock: () => Date }) {
	const { db, district, boards, clock } = deps;
	const command = createCommand(deps);

	async function read(where: SQL | undefined, limit?: number, exec: Db | Tx = db): Promise<Inspection[]> {
		const q = exec.select().from(inspections).where(where).orderBy(desc(inspections.at), desc(inspections.id));
		return (await (limit ? q.limit(limit) : q)).map(toInspection);
	}

	/** Open recommendations as they stood at `at` (default now): the subjects' last inspections up to then. */
	async function openAt(at?: Date, exec: Db | Tx = db): Promise<Inspection[]> {
		return openRecommendations(await read(at ? lte(inspections.at, at) : undefined, undefined, exec));
	}

	return {
		/**
		 * Records an inspection of `boardId`: `{ card?, ward?, conclusion, findings }`. 403 for one
		 * who may not inspect this board (before the body is read), 404 for a board it cannot see,
		 * 400 naming the field otherwise (an unknown or archived card, a ward that is not the card's).
		 */
		async record(actor: Principal, boardId: string, input: unknown, key: string | null = null): Promise<Inspection> {
			authorize(actor, 'board:inspect', boardId);
			const board = await boards.get(actor, boardId);
			if (!board) throw new NotFoundError('board', boardId);
			const parsed = parseWith(inspectionInput, input);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			const v = parsed.value;
			if (v.ward && !district.ward(v.ward)) throw new ValidationError([fieldError('ward', 'unknown_ward')]);
			const inspector = actorLabel(actor);
			let publish: (() => Promise<void>) | null = null;
			const recorded = await command({
				actor,
				action: 'board:inspect',
				ward: boardId,
				key,
				operation: 'inspection.record',
				request: { board: boardId, ...v },
				run: async (tx: Tx) => {
					const at = clock();
					// The card's consequence first: it names the card's ward and title, and refuses a card that is not there.
					let subject: { ward: string | null; title: string | null } = { ward: v.ward, title: null };
					if (v.card) {
						const card = v.card;
						const change = await boards.change(tx, boardId, (doc: Y.Doc) => {
							const view = readBoard(doc);
							const found = view.columns.flatMap((c) => c.cards).find((c) => c.id === card);
							if (!found) throw new ValidationError([fieldError('card', view.archived.some((c) => c.id === card) ? 'card_archived' : 'unknown_card')]);
							// Inspected when the ward says it is ready (Chờ kiểm tra), or again once done (an open recommendation).
							const lane = view.columns.find((c) => c.id === found.column);
							if (found.column !== REVIEW_COLUMN && !lane?.done) throw new ValidationError([fieldError('card', 'card_not_in_review')]);
							const ward = found.ward ?? view.ward;
							if (v.ward && v.ward !== ward) throw new ValidationError([fieldError('ward', 'unknown_ward', 'không phải phường của thẻ / not the card’s ward')]);
							const then = consequence(v.conclusion, v.findings);
							const columns = view.columns.filter((c) => c.id !== UNSORTED);
							const target = then.to === 'done' ? columns.find((c) => c.done) : (columns.find((c) => c.id === DOING_COLUMN) ?? columns.find((c) => !c.done));
							const ctx = { by: inspector.name, now: () => at };
							if (target && target.id !== found.column) moveCard(doc, card, target.id, target.cards.length, ctx);
							addComment(doc, card, then.comment, ctx);
							return { ward, title: found.title };
						});
						subject = change.result;
						publish = change.publish;
					}
					const ids = { board: boardId, card: v.card, ward: subject.ward };
					await tx.execute(sql`select pg_advisory_xact_lock(${SUBJECT_LOCK_NAMESPACE}, hashtext(${subjectKey(ids)}))`);
					const same = v.card
						? and(eq(inspections.boardId, boardId), eq(inspections.cardId, v.card))
						: and(
								eq(inspections.boardId, boardId),
								isNull(inspections.cardId),
								subject.ward ? eq(inspections.wardCode, subject.ward) : isNull(inspections.wardCode)
							);
					const [previous] = await tx.select({ id: inspections.id }).from(inspections).where(same).orderBy(desc(inspections.id)).limit(1);
					const [row] = await tx
						.insert(inspections)
						.values({
							boardId,
							cardId: v.card,
							cardTitle: subject.title,
							wardCode: subject.ward,
							inspectorKind: inspector.kind,
							inspectorId: inspector.id,
							inspectorName: inspector.name,
							at,
							conclusion: v.conclusion,
							findings: v.findings,
							supersedes: previous?.id ?? null
						})
						.returning();
					const inspection = toInspection(row!);
					return {
						result: inspection,
						audit: [
							{
								entity: 'inspection',
								entityId: String(inspection.id),
								wardCode: inspection.ward,
								after: { ...v, board: boardId, supersedes: inspection.supersedes }
							}
						],
						events: [{ type: 'inspections:recorded' as const, wardCode: inspection.ward, inspection }]
					};
				}
			});
			// After the commit (and never on a replay, where run did not run): the board's editors see the move.
			await (publish as (() => Promise<void>) | null)?.();
			return recorded;
		},

		/** Every inspection of one board, newest first: for whoever may read the board (404 otherwise). */
		async list(reader: Principal, boardId: string): Promise<Inspection[]> {
			const board = await boards.get(reader, boardId);
			if (!board) throw new NotFoundError('board', boardId);
			return read(eq(inspections.boardId, boardId));
		},

		/** The district's picture: the latest inspections and every open recommendation (district readers). */
		async district(reader: Principal, limit = 50): Promise<DistrictInspections> {
			if (!can(reader, 'inspections:read')) throw new ForbiddenError('inspections:read');
			return { recent: await read(undefined, limit), open: await openAt() };
		},

		/**
		 * For the situation report: inspections made in (from, to] — every one since the previous
		 * report — and the recommendations still open at `to`, with their boards' titles. The
		 * report's readers are checked by the reports service.
		 */
		async forReport(from: Date, to: Date, exec: Db | Tx = db): Promise<ReportInspections> {
			const since = await read(and(gt(inspections.at, from), lte(inspections.at, to)), undefined, exec);
			const open = await openAt(to, exec);
			const titles = new Map((await exec.select({ id: boardsTable.id, title: boardsTable.title }).from(boardsTable)).map((b) => [b.id, b.title]));
			const frozen = (i: Inspection) => reportInspection(i, titles.get(i.board) ?? i.board);
			return { since: since.sort(newestFirst).map(frozen), open: open.map(frozen) };
		}
	};
}

export type InspectionService = ReturnType<typeof createInspectionService>;
