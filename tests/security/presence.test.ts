/**
 * Issue 10.3 — presence cannot lie. Stock y-websocket clients (and raw awareness frames sent over
 * their sockets, as a hostile client would) against the real server: the server stamps every
 * awareness state with the connection's real identity, one connection holds one presence, a
 * state has a size bound, and a viewer shows presence but never edits.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { readBoard } from '../../src/lib/domain/board.ts';
import { addCard } from '../../src/lib/contracts/board-edits.ts';
import { principalKey, type Principal } from '../../src/lib/domain/access.ts';
import { MAX_AWARENESS_STATE_BYTES } from '../../src/lib/server/collab/connection.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { signedInUser, testServer, type TestServerHandle } from '../fixtures/server.ts';
import { hasEditsOf, synced, waitFor, yjsClient, type YjsClient } from '../fixtures/collab.ts';

const WARD = 'kim-ma';
const BOARD = `board:ward:${WARD}`;

type State = { user?: { key?: string; name?: string; role?: string | null; colour?: string }; editing?: unknown; mark?: number; big?: string };

/** One awareness frame (message type 1) carrying the given entries, exactly as the wire has it. */
function awarenessFrame(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(inner, e.clientId);
		encoding.writeVarUint(inner, e.clock);
		encoding.writeVarString(inner, JSON.stringify(e.state));
	}
	const outer = encoding.createEncoder();
	encoding.writeVarUint(outer, 1);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

const sendRaw = (c: YjsClient, frame: Uint8Array) => (c.provider.ws as unknown as { send(d: Uint8Array): void }).send(frame);
const statesOf = (c: YjsClient) => c.provider.awareness.getStates() as Map<number, State>;
const nameOf = (p: Principal) => (p.kind === 'user' ? p.name : '');

describe.each(DATABASE_KINDS)('presence cannot lie (%s)', (kind) => {
	let server: TestServerHandle;
	let url = '';
	const people = {} as Record<'commander' | 'staff' | 'viewer', { cookie: string; principal: Principal }>;
	const clients: YjsClient[] = [];
	const client = (who: keyof typeof people) => {
		const c = yjsClient(url, BOARD, { cookie: people[who].cookie });
		clients.push(c);
		return c;
	};
	/** A sequence point: `from` sets a new mark; once `observer` sees it, everything `from` sent before was handled. */
	let markSeq = 0;
	async function mark(from: YjsClient, observer: YjsClient): Promise<void> {
		const m = ++markSeq;
		from.provider.awareness.setLocalStateField('mark', m);
		await waitFor(`mark ${m} seen`, () => statesOf(observer).get(from.doc.clientID)?.mark === m);
	}

	/** A ward staff member's client whose presence a commander's client already sees. */
	async function staffSeenByCommander(): Promise<{ observer: YjsClient; subject: YjsClient }> {
		const observer = client('commander');
		const subject = client('staff');
		await Promise.all([synced(observer), synced(subject)]);
		subject.provider.awareness.setLocalStateField('user', { name: 'tôi' });
		await waitFor("the staff member's own presence", () => statesOf(observer).has(subject.doc.clientID));
		return { observer, subject };
	}

	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		const s = server.current().core.services;
		people.commander = await signedInUser(s, 'ward_commander', WARD);
		people.staff = await signedInUser(s, 'ward_staff', WARD);
		people.viewer = await signedInUser(s, 'viewer');
	});
	afterEach(() => {
		for (const c of clients.splice(0)) c.destroy();
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it("a client that says it is 'Chủ tịch' is seen under its real name, key and role; the open card is kept", async () => {
		const liar = client('staff');
		const other = client('commander');
		await Promise.all([synced(liar), synced(other)]);
		liar.provider.awareness.setLocalState({
			user: { key: principalKey(people.commander.principal), name: 'Chủ tịch', role: 'admin', colour: '#f00' },
			editing: 'card-1'
		});
		await waitFor("the liar's presence on the other client", () => statesOf(other).get(liar.doc.clientID)?.editing === 'card-1');
		expect(statesOf(other).get(liar.doc.clientID)).toEqual({
			user: { key: principalKey(people.staff.principal), name: nameOf(people.staff.principal), role: 'ward_staff' },
			editing: 'card-1'
		});
		// …and the server's own copy (what every later client receives) says the same.
		const late = client('commander');
		await synced(late);
		await waitFor('the late client has the presence', () => statesOf(late).has(liar.doc.clientID));
		expect(statesOf(late).get(liar.doc.clientID)?.user?.name).toBe(nameOf(people.staff.principal));
		expect([...statesOf(other).values()].some((st) => st.user?.name === 'Chủ tịch')).toBe(false);
	});

	it('a socket that sends awareness for 50 client ids is cut off, and none of them is shown', async () => {
		const { observer, subject: flooder } = await staffSeenByCommander();
		const fakes = Array.from({ length: 50 }, (_, i) => 1_000_000 + i);
		sendRaw(flooder, awarenessFrame(fakes.map((clientId) => ({ clientId, clock: 1, state: { user: { name: `Người giả ${clientId}` } } }))));
		await waitFor('the flooder is cut off', () => flooder.closes.length > 0);
		expect(flooder.closes[0]).toBe(1008);
		// After the stock client reconnects it holds its one presence again — and nothing else.
		await synced(flooder);
		await mark(flooder, observer);
		const ids = [...statesOf(observer).keys()];
		for (const id of fakes) expect(ids).not.toContain(id);
		expect(ids.sort()).toEqual([observer.doc.clientID, flooder.doc.clientID].sort());
	});

	it('a second client id from one socket is refused, the first is kept', async () => {
		const { observer, subject: sneaky } = await staffSeenByCommander();
		sendRaw(sneaky, awarenessFrame([{ clientId: 4242, clock: 5, state: { user: { name: 'Người thứ hai' } } }]));
		await mark(sneaky, observer);
		expect(statesOf(observer).has(4242)).toBe(false);
		expect(sneaky.closes).toEqual([]);
	});

	it("a socket cannot overwrite or remove someone else's presence", async () => {
		const victim = client('commander');
		const attacker = client('staff');
		const observer = client('commander');
		await Promise.all([synced(victim), synced(attacker), synced(observer)]);
		victim.provider.awareness.setLocalStateField('editing', 'card-v');
		attacker.provider.awareness.setLocalStateField('editing', null);
		await waitFor(
			'both presences on the observer',
			() => statesOf(observer).get(victim.doc.clientID)?.editing === 'card-v' && statesOf(observer).has(attacker.doc.clientID)
		);
		const clock = victim.provider.awareness.meta.get(victim.doc.clientID)!.clock;
		sendRaw(attacker, awarenessFrame([{ clientId: victim.doc.clientID, clock: clock + 10, state: { user: { name: 'đã bị thay' }, editing: 'card-x' } }]));
		sendRaw(attacker, awarenessFrame([{ clientId: victim.doc.clientID, clock: clock + 20, state: null }]));
		await mark(attacker, observer);
		const seen = statesOf(observer).get(victim.doc.clientID);
		expect(seen?.editing).toBe('card-v');
		expect(seen?.user?.name).toBe(nameOf(people.commander.principal));
	});

	it("the same person's new connection takes its client id back; another person's cannot take it", async () => {
		const observer = client('commander');
		const tab = client('staff');
		await Promise.all([synced(observer), synced(tab)]);
		tab.provider.awareness.setLocalStateField('editing', 'card-1');
		await waitFor('the first presence', () => statesOf(observer).get(tab.doc.clientID)?.editing === 'card-1');
		const id = tab.doc.clientID;
		// A second connection with the same Yjs client id while the first is still open: to the
		// server, that is a tablet whose old socket died without a word.
		const withId = (who: keyof typeof people) => {
			const doc = new Y.Doc();
			doc.clientID = id;
			const c = yjsClient(url, BOARD, { cookie: people[who].cookie }, doc);
			clients.push(c);
			return c;
		};
		const stranger = withId('commander');
		await synced(stranger);
		// Clocks past the first connection's, so these are not mere echoes: refused for who sends them.
		for (let n = 0; n < 20; n++) stranger.provider.awareness.setLocalState({ editing: 'card-stranger', n });
		expect(stranger.provider.awareness.meta.get(id)!.clock).toBeGreaterThan(tab.provider.awareness.meta.get(id)!.clock + 5);
		await mark(tab, observer);
		expect(statesOf(observer).get(id)?.user?.name).toBe(nameOf(people.staff.principal));
		expect(statesOf(observer).get(id)?.editing).toBe('card-1');

		const again = withId('staff');
		await synced(again);
		for (let n = 0; n < 20; n++) again.provider.awareness.setLocalState({ editing: 'card-2', n });
		await waitFor('the new connection holds the presence', () => statesOf(observer).get(id)?.editing === 'card-2');
		expect(statesOf(observer).get(id)?.user?.name).toBe(nameOf(people.staff.principal));
	});

	it(`a state over ${MAX_AWARENESS_STATE_BYTES} bytes is refused, the last good one stays`, async () => {
		const observer = client('commander');
		const big = client('staff');
		await Promise.all([synced(observer), synced(big)]);
		big.provider.awareness.setLocalStateField('editing', 'card-1');
		await waitFor('the small state', () => statesOf(observer).get(big.doc.clientID)?.editing === 'card-1');
		let sawBig = false;
		const watch = () => {
			if (statesOf(observer).get(big.doc.clientID)?.big) sawBig = true;
		};
		observer.provider.awareness.on('change', watch);
		big.provider.awareness.setLocalStateField('big', 'y'.repeat(MAX_AWARENESS_STATE_BYTES));
		big.provider.awareness.setLocalStateField('big', undefined as never);
		await mark(big, observer);
		observer.provider.awareness.off('change', watch);
		// The state after it (small again, with the mark) is shown; the oversized one never was.
		expect(sawBig).toBe(false);
		expect(statesOf(observer).get(big.doc.clientID)?.editing).toBe('card-1');
	});

	it("a viewer's presence is visible (as a viewer, never editing) and its edits are dropped", async () => {
		const writer = client('commander');
		const viewer = client('viewer');
		await Promise.all([synced(writer), synced(viewer)]);
		const column = readBoard(writer.doc).columns[0]!.id;
		addCard(viewer.doc, column, { title: 'Sửa trộm' }, { by: 'người xem' });
		viewer.provider.awareness.setLocalState({ user: { name: 'Chỉ huy giả' }, editing: 'card-1' });
		await waitFor("the viewer's presence on the writer", () => statesOf(writer).has(viewer.doc.clientID));
		expect(statesOf(writer).get(viewer.doc.clientID)).toEqual({
			user: { key: principalKey(people.viewer.principal), name: nameOf(people.viewer.principal), role: 'viewer' },
			editing: null
		});
		const serverDoc = server.current().realtime.collab.getDoc(BOARD);
		expect(hasEditsOf(serverDoc, viewer.doc.clientID)).toBe(false);
		expect(hasEditsOf(writer.doc, viewer.doc.clientID)).toBe(false);
		expect(
			readBoard(writer.doc)
				.columns.flatMap((c) => c.cards)
				.some((c) => c.title === 'Sửa trộm')
		).toBe(false);
	});
});
