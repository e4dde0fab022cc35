/**
 * Task boards: which boards exist and who may see them (SQL), their content (a Yjs document each,
 * made durable by the storage of collab/persistence.ts, which the composition root builds and
 * hands both to this service and to the /yjs endpoint) and the projection of their cards into
 * `board_cards`, so the wall and the reports can count open and overdue tasks.
 *
 * Board access is decided here, for pages and for the /yjs endpoint alike: who may open a board
 * and how (`accessFor`), and which edits a writer may make (`checkUpdate`, the rules of
 * domain/board-guard.ts); server/realtime.ts only wires these to the endpoint.
 *
 * The projection is derived state, written debounced after a document changes and rebuilt from
 * the stored documents at every start (a crash between an edit and its projection leaves nothing
 * stale for long): `rebuild()` of the same documents always gives the same rows.
 */
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import { FOCUS_AREAS, newBoardSchema, type BoardView, type FocusArea, type NewBoard } from '../../contracts/board.ts';
import { fieldError, fieldErrorsFrom } from '../../contracts/errors.ts';
import { can, documentAccess, type Principal } from '../../domain/access.ts';
import { initBoard, readBoard } from '../../domain/board.ts';
import { boardWriterOf } from '../../domain/board-guard.ts';
import { checkBoardTransaction } from '../../contracts/board.ts';
import { countTasks, deadlineInstant, projectBoard, type LiveTask, type TaskCounts, type TaskRow } from '../../domain/tasks.ts';
import { boardCards, boards } from '../db/schema.ts';
import { lockOutbox, type Db, type Tx } from '../db/client.ts';
import type { LiveEvent } from '../../contracts/live.ts';
import { createLocalBus, type EventBus } from '../realtime/bus.ts';
import { Inflight } from '../inflight.ts';
import { createCommand } from './command.ts';
import { appendEvent } from './outbox.ts';
import { createYjsPersistence, type YjsPersistence } from '../collab/persistence.ts';
import type { CollabLogger } from '../collab/types.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import type { District } from './district.ts';

type BoardKind = 'district' | 'ward' | 'campaign';

interface BoardSummary {
	id: string;
	kind: BoardKind;
	title: string;
	wardCode: string | null;
	/** The Yjs document: `board:<id>` on the /yjs endpoint. */
	docName: string;
	access: 'write' | 'read';
	counts: TaskCounts;
}

const DOC_PREFIX = 'board:';
const docNameOf = (boardId: string) => DOC_PREFIX + boardId;
const boardIdOf = (docName: string) => (docName.startsWith(DOC_PREFIX) ? docName.slice(DOC_PREFIX.length) : null);

/**
 * Ms after the last edit before a board is re-projected: a drag is many updates, one projection,
 * and a busy board is projected about once a second (the wall's counts need no more).
 */
const PROJECT_DEBOUNCE_MS = 800;

export interface BoardService {
	/** The Yjs storage it was handed (the one behind the /yjs endpoint), with its hooks attached. */
	persistence: YjsPersistence;
	/** Whether a document name is a board that exists (the endpoint serves no other documents). */
	exists(docName: string): Promise<boolean>;
	/**
	 * What a principal may do on a /yjs document: 'write', 'read', or null — also for any name that
	 * is not a board that exists: no one, not even an admin, makes stored documents outside them.
	 */
	accessFor(principal: Principal, docName: string): Promise<'write' | 'read' | null>;
	/**
	 * The board's rules (delete-is-archive, authorship, ward scope, sizes) for ONE incoming update,
	 * judged on the endpoint's shadow copy before anything is applied, relayed or stored
	 * (docs/collab-validation.md): null allows it.
	 */
	/** The board's rules on one update, with the words the collab server answers (null: allowed). */
	checkUpdate(writer: Principal, docName: string, doc: Y.Doc, transaction: Y.Transaction): ReturnType<typeof checkBoardTransaction>;
	list(reader: Principal): Promise<BoardSummary[]>;
	get(reader: Principal, id: string): Promise<BoardSummary | null>;
	/** A board's summary and content (from storage), or null when missing or not visible. */
	content(reader: Principal, id: string): Promise<{ board: BoardSummary; content: BoardView } | null>;
	create(actor: Principal, input: unknown): Promise<BoardSummary>;
	/**
	 * Live (not archived) tasks of one ward (null: the district-wide ones; undefined: all), open and
	 * done, per the projection — for the wall's counts and roll-up; the live snapshot's scope decides
	 * who gets them.
	 */
	liveTasks(ward?: string | null, exec?: Db | Tx): Promise<LiveTask[]>;
	/** The live readiness-template cards (domain/readiness), of one ward or all: completion. */
	templateCards(ward?: string): Promise<Array<{ wardCode: string | null; template: string | null; checkDone: number; checkTotal: number }>>;
	/**
	 * A server-side edit of a board's document in the caller's transaction (an inspection moves its
	 * card in the command that records it): see YjsPersistence.change. `publish`, after the commit,
	 * shows it to the board's live editors and re-projects the board (settled when a board only in
	 * storage is projected; a live one projects through its debounced change hook).
	 */
	change<T>(tx: Tx, boardId: string, edit: (doc: Y.Doc) => T): Promise<{ result: T; publish(): Promise<void> }>;
	/** Re-projects every board from its stored document; returns the rows written. */
	rebuild(): Promise<number>;
	/** Projects one document now (tests; the debounced path calls this). */
	project(docName: string, doc: Y.Doc): Promise<void>;
	/** Waits for scheduled projections (shutdown, tests). */
	settle(): Promise<void>;
	close(): Promise<void>;
}

function boardTitleOfWard(name: string): string {
	return `Bảng công việc — ${/^phường\s/i.test(name) ? name : `Phường ${name}`}`;
}

export async function createBoardService(deps: {
	db: Db;
	/** Where `tasks:changed` goes after a projection changed a ward's open tasks. */
	bus?: EventBus;
	/** The in-flight guard shared with every other write (a graceful shutdown waits for them). */
	inflight?: Inflight;
	district: District;
	clock: () => Date;
	logger?: CollabLogger;
	/**
	 * The Yjs storage, built in the composition root and also handed to the /yjs endpoint. A
	 * service made for a rebuild alone (tests) builds its own.
	 */
	storage?: YjsPersistence;
}): Promise<BoardService> {
	const { db, district, clock, logger } = deps;
	// Board creation goes through the one write path; a service made for a rebuild alone (tests) has no bus.
	const command = createCommand({ db, bus: deps.bus ?? createLocalBus(), inflight: deps.inflight ?? new Inflight() });
	const wardOfBoard = new Map<string, string | null>();
	const timers = new Map<string, { timer: ReturnType<typeof setTimeout>; doc: Y.Doc }>();
	const running = new Set<Promise<void>>();

	const persistence = deps.storage ?? createYjsPersistence({ db, logger });
	persistence.attach({
		onChange: (name, doc) => scheduleProjection(name, doc),
		auditOf: (name) => {
			const id = boardIdOf(name);
			return id ? { entity: 'board', entityId: id, wardCode: wardOfBoard.get(id) ?? null } : null;
		}
	});

	function summary(row: typeof boards.$inferSelect, access: 'write' | 'read', counts: TaskCounts): BoardSummary {
		return { id: row.id, kind: row.kind as BoardKind, title: row.title, wardCode: row.wardCode, docName: docNameOf(row.id), access, counts };
	}

	async function countsByBoard(ids: string[]): Promise<Map<string, TaskCounts>> {
		if (ids.length === 0) return new Map();
		const rows = await db
			.select({
				boardId: boardCards.boardId,
				wardCode: boardCards.wardCode,
				done: boardCards.done,
				archived: boardCards.archived,
				deadline: boardCards.deadline
			})
			.from(boardCards)
			.where(and(inArray(boardCards.boardId, ids), eq(boardCards.archived, false), eq(boardCards.done, false)));
		const now = clock();
		const out = new Map<string, TaskCounts>();
		for (const id of ids)
			out.set(
				id,
				countTasks(
					rows.filter((r) => r.boardId === id),
					now
				).total
			);
		return out;
	}

	async function visible(reader: Principal): Promise<Array<{ row: typeof boards.$inferSelect; access: 'write' | 'read' }>> {
		const rows = await db.select().from(boards).orderBy(asc(boards.createdAt), asc(boards.id));
		const order = (r: typeof boards.$inferSelect) =>
			r.kind === 'district' ? -1 : r.kind === 'ward' ? (district.ward(r.wardCode ?? '')?.position ?? 999) : 1000;
		return rows
			.map((row) => ({ row, access: documentAccess(reader, docNameOf(row.id), row.wardCode) }))
			.filter((x): x is { row: typeof boards.$inferSelect; access: 'write' | 'read' } => x.access !== null)
			.filter((x) => x.row.kind !== 'ward' || district.ward(x.row.wardCode ?? '') !== undefined)
			.sort((a, b) => order(a.row) - order(b.row));
	}

	async function liveTasks(ward?: string | null, exec: Db | Tx = db): Promise<LiveTask[]> {
		const rows = await exec
			.select({
				wardCode: boardCards.wardCode,
				deadline: boardCards.deadline,
				done: boardCards.done,
				focus: boardCards.focus,
				assignee: boardCards.assignee,
				template: boardCards.template,
				checkDone: boardCards.checkDone,
				checkTotal: boardCards.checkTotal
			})
			.from(boardCards)
			.where(and(eq(boardCards.archived, false), ward === undefined ? undefined : ward === null ? isNull(boardCards.wardCode) : eq(boardCards.wardCode, ward)))
			.orderBy(asc(boardCards.boardId), asc(boardCards.cardId));
		return rows.map(({ assignee, focus, ...r }) => ({
			...r,
			focus: (FOCUS_AREAS as readonly string[]).includes(focus ?? '') ? (focus as FocusArea) : null,
			assigned: assignee !== null
		}));
	}

	/**
	 * Replaces a board's rows; with `announce`, writes in the same transaction one `tasks:changed`
	 * event per ward whose open tasks may have changed (its whole list), published after commit.
	 */
	async function writeRows(boardId: string, rows: TaskRow[], announce: boolean): Promise<void> {
		// Outside the write path: rows derived from the board documents (by no one; rebuildable), not a command.
		const events = await db.transaction(async (tx) => {
			// Taken first: two boards projected at once (here or in another process) may touch the
			// same ward, and each event carries that ward's whole list — it must be read after the
			// other projection's rows are committed, or a later event would carry an older list.
			if (announce && deps.bus) await lockOutbox(tx);
			const before = announce ? await tx.selectDistinct({ wardCode: boardCards.wardCode }).from(boardCards).where(eq(boardCards.boardId, boardId)) : [];
			await tx.delete(boardCards).where(eq(boardCards.boardId, boardId));
			if (rows.length) await tx.insert(boardCards).values(rows.map((r) => ({ ...r, dueAt: deadlineInstant(r.deadline) })));
			if (!announce || !deps.bus) return [];
			const wards = [...new Set<string | null>([...before.map((b) => b.wardCode), ...rows.map((r) => r.wardCode)])];
			const out: LiveEvent[] = [];
			for (const wardCode of wards) out.push(await appendEvent(tx, { type: 'tasks:changed', wardCode, tasks: await liveTasks(wardCode, tx) }));
			return out;
		});
		for (const e of events) deps.bus?.publish(e);
	}

	async function project(docName: string, doc: Y.Doc): Promise<void> {
		const boardId = boardIdOf(docName);
		if (!boardId || !wardOfBoard.has(boardId)) return; // not a known board: nothing to count
		await writeRows(boardId, projectBoard(boardId, readBoard(doc)), true);
	}

	/** A board as stored (snapshot + log), read into a throwaway document. */
	async function readStored(docName: string): Promise<BoardView> {
		const state = await persistence.read(docName);
		const doc = new Y.Doc();
		try {
			if (state) Y.applyUpdate(doc, state);
			return readBoard(doc);
		} finally {
			doc.destroy();
		}
	}

	/** Projects a board from its stored state (its live document is gone: unloaded after a flush). */
	async function projectStored(docName: string): Promise<void> {
		const boardId = boardIdOf(docName);
		if (!boardId || !wardOfBoard.has(boardId)) return;
		await writeRows(boardId, projectBoard(boardId, await readStored(docName)), true);
	}

	function runProjection(docName: string, doc: Y.Doc): void {
		timers.delete(docName);
		// Edited in its last moments before an unload: the flush came first, so storage has it all.
		const p = (doc.isDestroyed ? projectStored(docName) : project(docName, doc))
			.catch((err) => logger?.error({ err, doc: docName }, 'boards: projection failed (rebuilt at next start)'))
			.finally(() => running.delete(p));
		running.add(p);
	}

	function scheduleProjection(docName: string, doc: Y.Doc): void {
		const old = timers.get(docName);
		if (old) clearTimeout(old.timer);
		timers.set(docName, { doc, timer: setTimeout(() => runProjection(docName, doc), PROJECT_DEBOUNCE_MS) });
	}

	async function ensureBoard(id: string, kind: BoardKind, title: string, wardCode: string | null, createdBy: string): Promise<boolean> {
		const inserted = await db.insert(boards).values({ id, kind, title, wardCode, createdBy }).onConflictDoNothing().returning({ id: boards.id });
		wardOfBoard.set(id, wardCode);
		// The first state (title and default columns) is written by the server, once: clients never
		// create columns themselves, so two tablets can never both "initialise" a board.
		await persistence.seed(docNameOf(id), (doc) => initBoard(doc, { title, ward: wardCode }));
		return inserted.length > 0;
	}

	async function rebuild(): Promise<number> {
		const all = await db.select().from(boards);
		let n = 0;
		for (const b of all) {
			wardOfBoard.set(b.id, b.wardCode);
			// One board that cannot be read or written (whatever its stored document holds) is logged
			// and skipped: the server starts, and every other board is projected.
			try {
				const rows = projectBoard(b.id, await readStored(docNameOf(b.id)));
				// At start nobody is listening yet; the snapshot reads the rebuilt rows.
				await writeRows(b.id, rows, false);
				n += rows.length;
			} catch (err) {
				logger?.error({ err, doc: docNameOf(b.id) }, 'boards: projecting a stored board failed at start; skipped');
			}
		}
		return n;
	}

	async function get(reader: Principal, id: string): Promise<BoardSummary | null> {
		const [row] = await db.select().from(boards).where(eq(boards.id, id));
		if (!row) return null;
		const access = documentAccess(reader, docNameOf(row.id), row.wardCode);
		if (!access) return null;
		const counts = await countsByBoard([row.id]);
		return summary(row, access, counts.get(row.id) ?? { open: 0, overdue: 0, dueToday: 0 });
	}

	async function settle(): Promise<void> {
		await Promise.all([...running]);
		for (const [name, t] of [...timers]) {
			clearTimeout(t.timer);
			runProjection(name, t.doc);
		}
		await Promise.all([...running]);
	}

	// The district's board and one per ward exist from the first start on.
	await ensureBoard('district', 'district', `Bảng công việc — Sở Chỉ huy ${district.view.name}`, null, 'system');
	for (const w of district.wards) await ensureBoard(`ward:${w.code}`, 'ward', boardTitleOfWard(w.name), w.code, 'system');
	await rebuild();

	async function exists(docName: string): Promise<boolean> {
		const id = boardIdOf(docName);
		if (!id) return false;
		if (wardOfBoard.has(id)) return true;
		// Created by another process since this one started.
		const [row] = await db.select({ id: boards.id, wardCode: boards.wardCode }).from(boards).where(eq(boards.id, id));
		if (row) wardOfBoard.set(row.id, row.wardCode);
		return !!row;
	}

	return {
		persistence,
		project,
		rebuild,
		exists,

		async accessFor(principal, docName) {
			if (!(await exists(docName))) return null;
			return documentAccess(principal, docName, wardOfBoard.get(boardIdOf(docName) ?? '') ?? null);
		},

		checkUpdate(writer, docName, doc, transaction) {
			return checkBoardTransaction(
				doc,
				transaction,
				boardWriterOf(writer, (code) => district.ward(code) !== undefined, boardIdOf(docName)),
				clock().getTime()
			);
		},

		async list(reader) {
			const v = await visible(reader);
			const counts = await countsByBoard(v.map((x) => x.row.id));
			return v.map((x) => summary(x.row, x.access, counts.get(x.row.id) ?? { open: 0, overdue: 0, dueToday: 0 }));
		},

		get,

		async content(reader, id) {
			const board = await get(reader, id);
			if (!board) return null;
			return { board, content: await readStored(board.docName) };
		},

		async create(actor, input) {
			if (!can(actor, 'board:manage')) throw new ForbiddenError('board:manage');
			const parsed = newBoardSchema.safeParse(input);
			if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
			const b: NewBoard = parsed.data;
			if (b.ward && !district.ward(b.ward)) throw new ValidationError([fieldError('ward', 'unknown_ward')]);
			const by = actor.kind === 'user' ? actor.name || actor.username : actor.name;
			const created = await command({
				actor,
				action: 'board:manage',
				operation: 'board.create',
				request: b,
				run: async (tx) => {
					const rows = await tx
						.insert(boards)
						.values({ id: b.id, kind: 'campaign', title: b.title, wardCode: b.ward, createdBy: by })
						.onConflictDoNothing()
						.returning();
					if (rows.length === 0) throw new ValidationError([fieldError('id', 'board_id_taken')]);
					return { result: rows[0]!, audit: [{ entity: 'board', entityId: b.id, wardCode: b.ward, after: { title: b.title, ward: b.ward } }], events: [] };
				}
			});
			// The document is seeded after the row commits (persistence writes in its own transaction).
			wardOfBoard.set(created.id, created.wardCode);
			await persistence.seed(docNameOf(created.id), (doc) => initBoard(doc, { title: created.title, ward: created.wardCode }));
			return summary(created, documentAccess(actor, docNameOf(created.id), created.wardCode) ?? 'read', { open: 0, overdue: 0, dueToday: 0 });
		},

		liveTasks,

		async templateCards(ward) {
			return db
				.select({ wardCode: boardCards.wardCode, template: boardCards.template, checkDone: boardCards.checkDone, checkTotal: boardCards.checkTotal })
				.from(boardCards)
				.where(and(eq(boardCards.archived, false), isNotNull(boardCards.template), ward === undefined ? undefined : eq(boardCards.wardCode, ward)))
				.orderBy(asc(boardCards.wardCode), asc(boardCards.boardId), asc(boardCards.cardId));
		},

		async change(tx, boardId, edit) {
			const name = docNameOf(boardId);
			const c = await persistence.change(tx, name, edit);
			return {
				result: c.result,
				publish() {
					// A live document re-projects through its change hook; one only in storage, here.
					if (c.publish()) return Promise.resolve();
					const p = projectStored(name)
						.catch((err) => logger?.error({ err, doc: name }, 'boards: projection failed (rebuilt at next start)'))
						.finally(() => running.delete(p));
					running.add(p);
					return p;
				}
			};
		},

		settle,
		// Runs what is scheduled while the database is still open; the next start rebuilds anyway.
		close: settle
	};
}
