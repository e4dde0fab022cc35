/**
 * Durability of task boards across a crash: the production server (a child process, so it can be
 * SIGKILLed) gets edits from a stock provider, is killed while edits are still arriving, and is
 * started again on the same data — PGlite's data directory, or the same PostgreSQL database when
 * TEST_DATABASE_URL is set. Every edit made longer ago than the flush interval (~50 ms; checked
 * with a generous 500 ms margin) must be there; later ones may be lost, nothing may be duplicated.
 *
 * The editor is destroyed right after the kill, before the restart, so it cannot push its own
 * copy back: whatever a new client finds came from the database alone.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/domain/board.ts';
import { addCard, addCheckItem, addComment } from '../../src/lib/contracts/board-edits.ts';
import type { BoardView } from '../../src/lib/contracts/board.ts';
import { createPostgresDatabase, DATABASE_KINDS } from '../fixtures/db.ts';
import { signInCookie, signedInName, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';
import { laneProblems, restartAfterCrash, sleep, synced, waitFor, yjsClient } from '../fixtures/collab.ts';

/** Edits older than this at the kill must survive: the flush interval (~50 ms) with a wide margin. */
const MARGIN_MS = 500;
const BOARD = 'board:district';

interface Edit {
	at: number;
	what: string;
	/** Whether the edit is in a board read back after the restart. */
	isIn(view: BoardView): boolean;
}

describe.each(DATABASE_KINDS)('board edits survive SIGKILL (%s)', (kind) => {
	const servers: SpawnedServer[] = [];
	let dropDatabase: (() => Promise<void>) | null = null;
	afterAll(async () => {
		for (const s of servers.reverse()) {
			await s.kill();
			await s.cleanup();
		}
		await dropDatabase?.();
	});

	it('keeps every edit older than the flush interval, once', { timeout: 90_000 }, async () => {
		const env: Record<string, string> = {};
		if (kind === 'postgres') {
			const pg = await createPostgresDatabase();
			dropDatabase = pg.drop;
			env.DATABASE_URL = pg.url;
		}
		const first = await spawnServer({ env });
		servers.push(first);
		const cookie = await signInCookie(first.url);
		const editor = yjsClient(first.url, BOARD, { cookie });
		await synced(editor);
		const columns = readBoard(editor.doc).columns.map((c) => c.id);
		// The server seeds the district board with its columns; nobody here created them.
		expect(columns.length).toBeGreaterThanOrEqual(2);

		const edits: Edit[] = [];
		const cardsMade: string[] = [];
		let n = 0;
		// The server takes "created/updated by" from the connection: the admin's name.
		const ctx = { by: await signedInName(first.url, cookie) };
		/** One edit through the board model: a card, a comment or a checklist item, each checkable on its own. */
		const edit = () => {
			const i = n++;
			const kindOfEdit = cardsMade.length < 3 ? 0 : i % 3;
			const at = Date.now();
			if (kindOfEdit === 0) {
				const title = `Việc ${i}`;
				const id = addCard(editor.doc, columns[i % columns.length]!, { title, deadline: '2021-09-05' }, ctx);
				cardsMade.push(id);
				edits.push({ at, what: `card ${i}`, isIn: (v) => v.columns.flatMap((c) => c.cards).filter((c) => c.id === id && c.title === title).length === 1 });
			} else {
				const card = cardsMade[i % cardsMade.length]!;
				const of = (v: BoardView) => v.columns.flatMap((c) => c.cards).find((c) => c.id === card);
				if (kindOfEdit === 1) {
					const id = addComment(editor.doc, card, `Ghi chú ${i}`, ctx);
					edits.push({ at, what: `comment ${i}`, isIn: (v) => of(v)?.comments.filter((c) => c.id === id).length === 1 });
				} else {
					const id = addCheckItem(editor.doc, card, `Bước ${i}`, ctx);
					edits.push({ at, what: `checklist item ${i}`, isIn: (v) => of(v)?.checklist.filter((c) => c.id === id).length === 1 });
				}
			}
		};

		let closes = 0;
		editor.provider.on('connection-close', () => closes++);
		// A burst, a pause longer than the flush interval, then edits every 10 ms until the kill.
		for (let k = 0; k < 40; k++) edit();
		await sleep(MARGIN_MS);
		const streamEnd = Date.now() + 1500;
		while (Date.now() < streamEnd) {
			edit();
			await sleep(10);
		}
		const killedAt = Date.now();
		const closesBeforeKill = closes;
		const killed = first.kill();
		// Still editing while the process dies: these may or may not be saved.
		for (let k = 0; k < 5; k++) edit();
		await killed;
		editor.destroy();
		// Every edit before the kill went over a connection that stayed open.
		expect(closesBeforeKill).toBe(0);

		const { server: second, ms: restartMs } = await restartAfterCrash(first, { env });
		servers.push(second);
		const reader = yjsClient(second.url, BOARD, { cookie });
		await synced(reader, 15_000);
		const view = readBoard(reader.doc);

		const old = edits.filter((e) => e.at <= killedAt - MARGIN_MS);
		const recent = edits.filter((e) => e.at > killedAt - MARGIN_MS);
		expect(old.length).toBeGreaterThanOrEqual(40);
		const lost = old.filter((e) => !e.isIn(view)).map((e) => e.what);
		expect(lost, `edits older than ${MARGIN_MS} ms lost after the crash (restart took ${restartMs} ms)`).toEqual([]);
		// Nothing twice, every live card in exactly one lane.
		expect(laneProblems(reader.doc, view)).toEqual([]);
		const ids = view.columns.flatMap((c) => c.cards.map((k) => k.id));
		expect(new Set(ids).size).toBe(ids.length);
		// Informational: how much of the last half second made it (the log is appended every ~50 ms).
		console.info(
			`[durability ${kind}] ${old.length} old edits all kept; ${recent.filter((e) => e.isIn(view)).length}/${recent.length} of the last ${MARGIN_MS} ms kept; restart after the crash took ${restartMs} ms`
		);

		// The restarted server takes edits again.
		const after = addCard(reader.doc, columns[0]!, { title: 'Sau khi khởi động lại' }, ctx);
		const check = yjsClient(second.url, BOARD, { cookie });
		await waitFor('a post-crash edit reaching another client', () => check.doc.getMap('cards').has(after));
		reader.destroy();
		check.destroy();
	});
});
