/**
 * Convergence, in the style of Yjs's own randomized tests: several stock `y-websocket` clients
 * edit one board on the real production server (a child process), with random operations through
 * the board model, random message delays, random disconnects, a graceful restart and a SIGKILL of
 * the server in the middle. At the end every client, and a new client loading the board from the
 * server (also after one more restart), must read exactly the same board; every live card must be
 * in exactly one lane exactly once, and nothing anyone added may be missing or doubled.
 *
 * The operations come from a seeded PRNG (lib0/prng, as Yjs's tests use); the network's timing
 * cannot be replayed exactly, so a seed reproduces the same edits, not the same interleaving.
 *   CONVERGENCE_SEED=<n>   replay a seed (printed with every failure)
 *   CONVERGENCE_STEPS=<n>  operations per live phase (default 120; three live phases)
 *
 * One database (PGlite, what `npm start` uses): the database only matters here as the place a
 * restarted server reloads from; collab-durability.test.ts covers PostgreSQL as well.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { readBoard, type EditContext } from '../../src/lib/domain/board.ts';
import {
	addCard,
	addCheckItem,
	addColumn,
	addComment,
	archiveCard,
	moveCard,
	moveColumn,
	removeColumn,
	updateCard,
	updateCheckItem,
	updateColumn
} from '../../src/lib/contracts/board-edits.ts';
import { BoardInputError, FOCUS_AREAS, PRIORITIES, UNSORTED } from '../../src/lib/contracts/board.ts';
import { signInCookie, signedInName, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';
import { laneProblems, restartAfterCrash, sleep, waitFor, yjsClient, type YjsClient } from '../fixtures/collab.ts';

const SEED = process.env.CONVERGENCE_SEED ? Number(process.env.CONVERGENCE_SEED) : Math.floor(Math.random() * 2 ** 31);
const STEPS = Number(process.env.CONVERGENCE_STEPS ?? 120);
const CLIENTS = 4;
const BOARD = 'board:district';

/** What the clients added, to prove at the end that nothing was lost or doubled. */
interface Ledger {
	cards: Set<string>;
	comments: Map<string, string>;
	items: Map<string, string>;
	removedItems: Set<string>;
}

interface Editor {
	i: number;
	client: YjsClient;
	ctx: EditContext;
	/** Step at which a deliberately disconnected client reconnects; null = not disconnected. */
	reconnectAt: number | null;
}

/** Applies one random operation through the board model. Returns what it did, for the log. */
function randomOp(gen: prng.PRNG, e: Editor, ledger: Ledger): string {
	const doc = e.client.doc;
	const view = readBoard(doc);
	const lanes = view.columns.filter((c) => c.id !== UNSORTED);
	const live = view.columns.flatMap((c) => c.cards);
	const all = [...live, ...view.archived];
	const word = () => prng.word(gen, 3, 12) || 'x';
	const r = prng.int32(gen, 0, 99);
	if (r < 18 && lanes.length) {
		const lane = prng.oneOf(gen, lanes);
		const id = addCard(doc, lane.id, { title: `Việc ${word()}`, priority: prng.oneOf(gen, [...PRIORITIES]) }, e.ctx, prng.int32(gen, 0, lane.cards.length));
		ledger.cards.add(id);
		return `add ${id} → ${lane.id}`;
	}
	if (r < 40 && live.length && lanes.length) {
		const card = prng.oneOf(gen, live);
		const lane = prng.oneOf(gen, lanes);
		moveCard(doc, card.id, lane.id, prng.int32(gen, 0, lane.cards.length), e.ctx);
		return `move ${card.id} → ${lane.id}`;
	}
	if (r < 52 && all.length) {
		const card = prng.oneOf(gen, all);
		const patch = prng.oneOf(gen, [
			{ title: `Sửa ${word()}` },
			{ description: word() },
			{ assignee: { kind: 'unit' as const, name: `Tổ ${word()}` } },
			{ focus: prng.oneOf(gen, [...FOCUS_AREAS]) },
			{ deadline: `2021-09-${String(prng.int32(gen, 1, 28)).padStart(2, '0')}` },
			{ priority: prng.oneOf(gen, [...PRIORITIES]), assignee: null }
		]);
		updateCard(doc, card.id, patch, e.ctx);
		return `edit ${card.id} ${Object.keys(patch).join(',')}`;
	}
	if (r < 59 && live.length) {
		const card = prng.oneOf(gen, live);
		archiveCard(doc, card.id, e.ctx);
		return `archive ${card.id}`;
	}
	if (r < 63 && view.archived.length) {
		const card = prng.oneOf(gen, view.archived);
		archiveCard(doc, card.id, e.ctx, false);
		return `restore ${card.id}`;
	}
	if (r < 72 && all.length) {
		const card = prng.oneOf(gen, all);
		ledger.comments.set(addComment(doc, card.id, `Ý kiến ${word()}`, e.ctx), card.id);
		return `comment ${card.id}`;
	}
	if (r < 79 && all.length) {
		const card = prng.oneOf(gen, all);
		ledger.items.set(addCheckItem(doc, card.id, `Bước ${word()}`, e.ctx), card.id);
		return `check item on ${card.id}`;
	}
	const withItems = all.filter((c) => c.checklist.length > 0);
	if (r < 86 && withItems.length) {
		const card = prng.oneOf(gen, withItems);
		const item = prng.oneOf(gen, card.checklist);
		const change = prng.oneOf(gen, [{ done: !item.done }, { text: `Bước ${word()}` }, { removed: true }]);
		updateCheckItem(doc, card.id, item.id, change, e.ctx);
		if (change.removed) ledger.removedItems.add(item.id);
		return `check item ${item.id} ${Object.keys(change)[0]}`;
	}
	if (r < 91 && lanes.length) {
		const lane = prng.oneOf(gen, lanes);
		updateColumn(doc, lane.id, prng.bool(gen) ? { title: `Cột ${word()}` } : { wipLimit: prng.int32(gen, 1, 9) });
		return `column ${lane.id} renamed`;
	}
	if (r < 95 && lanes.length > 1) {
		const lane = prng.oneOf(gen, lanes);
		moveColumn(doc, lane.id, prng.int32(gen, 0, lanes.length - 1));
		return `column ${lane.id} moved`;
	}
	if (r < 98 && lanes.length > 2) {
		const lane = prng.oneOf(gen, lanes);
		removeColumn(doc, lane.id);
		return `column ${lane.id} removed`;
	}
	if (lanes.length < 6) {
		return `column ${addColumn(doc, `Cột mới ${word()}`)} added`;
	}
	return 'nothing';
}

/** Everything a reader can see, plus the raw maps (so a difference readBoard hides still shows). */
function state(doc: Y.Doc): unknown {
	return { view: readBoard(doc), meta: doc.getMap('meta').toJSON(), columns: doc.getMap('columns').toJSON(), cards: doc.getMap('cards').toJSON() };
}

describe('board convergence under delays, disconnects and server restarts', () => {
	const servers: SpawnedServer[] = [];
	const clients: YjsClient[] = [];
	afterAll(async () => {
		for (const c of clients) c.destroy();
		for (const s of servers.reverse()) {
			await s.kill();
			await s.cleanup();
		}
	});

	it('converges, and the server keeps the converged board', { timeout: 150_000 }, async () => {
		const gen = prng.create(SEED);
		const log: string[] = [];
		const ledger: Ledger = { cards: new Set(), comments: new Map(), items: new Map(), removedItems: new Set() };
		try {
			let server = await spawnServer();
			servers.push(server);
			const { dataDir, port } = server;
			const cookie = await signInCookie(server.url);
			const url = server.url;
			// Every client is the admin: the server takes "created/updated by" from the connection.
			const me = { name: await signedInName(url, cookie) };

			// Message delays: mostly a few ms, sometimes tens; order kept per socket, as on TCP.
			const delay = () => (Math.random() < 0.7 ? Math.random() * 5 : 5 + Math.random() * 55);
			const editors: Editor[] = Array.from({ length: CLIENTS }, (_, i) => {
				const client = yjsClient(url, BOARD, { cookie, delay, maxBackoffTime: 200 });
				clients.push(client);
				client.provider.awareness.setLocalStateField('user', { name: `Người ${i}` });
				let n = 0;
				return { i, client, ctx: { by: me.name, newId: () => `${i}-${++n}-${prng.word(gen, 4, 4)}` }, reconnectAt: null };
			});
			await waitFor('every client synced', () => editors.every((e) => e.client.provider.synced), 15_000);
			// The server seeded the board's columns; every client starts from them.
			expect(readBoard(editors[0]!.client.doc).columns.length).toBeGreaterThanOrEqual(2);

			let step = 0;
			/** One step: maybe a network event, else an edit by a random client; then a short pause. */
			const oneStep = async (pauseMs: number) => {
				step++;
				for (const e of editors) {
					if (e.reconnectAt !== null && step >= e.reconnectAt) {
						e.reconnectAt = null;
						e.client.provider.connect();
						log.push(`${step}: client ${e.i} reconnects`);
					}
				}
				const e = prng.oneOf(gen, editors);
				const net = prng.int32(gen, 0, 99);
				if (net < 3 && e.reconnectAt === null) {
					// A deliberate disconnect (offline tablet), edits go on locally.
					e.client.provider.disconnect();
					e.reconnectAt = step + prng.int32(gen, 5, 40);
					log.push(`${step}: client ${e.i} goes offline`);
				} else if (net < 5) {
					// The connection drops without a close handshake; the provider reconnects by itself.
					(e.client.provider.ws as unknown as WebSocket | null)?.terminate();
					log.push(`${step}: client ${e.i} connection dropped`);
				} else {
					try {
						log.push(`${step}: client ${e.i} ${randomOp(gen, e, ledger)}`);
					} catch (err) {
						// The client's own view allowed it, so this should not happen; refused edits write nothing.
						if (!(err instanceof BoardInputError)) throw err;
						log.push(`${step}: client ${e.i} refused: ${err.message}`);
					}
				}
				await sleep(prng.int32(gen, 0, pauseMs));
			};
			const steps = async (n: number) => {
				for (let k = 0; k < n; k++) await oneStep(8);
			};
			/** Edits go on (offline, at a calmer pace) while the server is down. */
			const stepsUntil = async (p: Promise<unknown>) => {
				let done = false;
				void p.finally(() => (done = true)).catch(() => {});
				while (!done) await oneStep(60);
				await p;
			};

			await steps(STEPS);
			log.push(`${step}: graceful restart`);
			await stepsUntil(
				(async () => {
					expect(await server.stop()).toBe(0);
					server = await spawnServer({ dataDir, port });
					servers.push(server);
				})()
			);
			await steps(STEPS);
			log.push(`${step}: SIGKILL`);
			await stepsUntil(
				(async () => {
					await server.kill();
					server = (await restartAfterCrash(server)).server;
					servers.push(server);
				})()
			);
			await steps(STEPS);

			// Quiesce: everyone back online, and wait until all hold the same state.
			for (const e of editors) if (!e.client.provider.shouldConnect) e.client.provider.connect();
			const vector = (c: YjsClient) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64');
			await waitFor(
				'every client connected, synced and holding the same state',
				() => editors.every((e) => e.client.provider.synced && vector(e.client) === vector(editors[0]!.client)),
				20_000
			);
			const fresh = yjsClient(url, BOARD, { cookie });
			clients.push(fresh);
			await waitFor('a new client holding the same state', () => fresh.provider.synced && vector(fresh) === vector(editors[0]!.client), 15_000);

			// The server's board rules (board-guard) never refused a legitimate edit: no 44xx close.
			expect(editors.flatMap((e) => e.client.closes.filter((code) => code >= 4400 && code < 4500))).toEqual([]);
			const expected = state(fresh.doc);
			for (const e of editors) expect(state(e.client.doc), `client ${e.i} differs from the server's board`).toEqual(expected);
			const doc = fresh.doc;
			const view = readBoard(doc);
			for (const c of [fresh, ...editors.map((e) => e.client)]) expect(laneProblems(c.doc)).toEqual([]);

			// Nothing added was lost or doubled.
			const everyCard = [...view.columns.flatMap((c) => c.cards), ...view.archived];
			const counts = new Map<string, number>();
			for (const c of everyCard) counts.set(c.id, (counts.get(c.id) ?? 0) + 1);
			expect([...ledger.cards].filter((id) => counts.get(id) !== 1)).toEqual([]);
			const byId = new Map(everyCard.map((c) => [c.id, c]));
			expect([...ledger.comments].filter(([id, card]) => byId.get(card)?.comments.filter((c) => c.id === id).length !== 1)).toEqual([]);
			expect(
				[...ledger.items].filter(([id, card]) => (byId.get(card)?.checklist.filter((c) => c.id === id).length ?? 0) !== (ledger.removedItems.has(id) ? 0 : 1))
			).toEqual([]);
			expect(ledger.cards.size).toBeGreaterThan(10);

			// The server keeps the converged board: a new client after one more restart, alone.
			for (const c of clients.splice(0)) c.destroy();
			await sleep(200);
			expect(await server.stop()).toBe(0);
			server = await spawnServer({ dataDir, port });
			servers.push(server);
			const reloaded = yjsClient(server.url, BOARD, { cookie });
			clients.push(reloaded);
			await waitFor('the reloaded board', () => reloaded.provider.synced, 15_000);
			expect(state(reloaded.doc)).toEqual(expected);
			const count = (re: RegExp) => log.filter((l) => re.test(l)).length;
			console.info(
				`[convergence seed ${SEED}] ${step} steps: ${count(/ (add|move|edit|archive|restore|comment|check item|column) /)} edits ` +
					`(${count(/ refused: /)} refused), ${count(/ goes offline/)} offline spells, ${count(/ connection dropped/)} dropped connections; ` +
					`${view.columns.length} lanes, ${everyCard.length} cards (${view.archived.length} archived)`
			);
		} catch (err) {
			const e = err instanceof Error ? err : new Error(String(err));
			e.message = `[convergence seed ${SEED}, CONVERGENCE_SEED=${SEED} CONVERGENCE_STEPS=${STEPS} to replay the edits] ${e.message}\nlast steps:\n${log.slice(-25).join('\n')}`;
			throw e;
		}
	});
});
