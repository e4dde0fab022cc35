/**
 * The mechanism behind the board rules (docs/collab-validation.md), on the collab endpoint alone:
 * an update is tried on a shadow copy and judged by `validate` before it touches the document;
 * a refusal changes nothing and relays nothing; the part of an update that waits on missing
 * structs is never applied unchecked (it comes back, complete, with the client's sync step 2).
 * Raw y-websocket frames from a `ws` client, so that the exact updates are under the test's control.
 * No database: the endpoint's persistence is a hook (the board rules' storage is covered in
 * board-rules.test.ts on both databases).
 */
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';
import { createCollab } from '../../src/lib/server/collab/server.ts';
import type { CollabOptions, CollabUpdateCheck } from '../../src/lib/server/collab/types.ts';
import { waitFor } from '../fixtures/collab.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()?.();
});

async function endpoint(opts: CollabOptions) {
	const collab = createCollab(opts);
	const server = http.createServer((_q, r) => r.writeHead(404).end());
	server.on('upgrade', (req, socket, head) => {
		if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	cleanups.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
	cleanups.push(() => collab.close());
	return { collab, base: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/yjs/` };
}

/** A raw client: every frame it receives, its close code, and a way to send one update. */
async function rawClient(url: string) {
	const ws = new WebSocket(url);
	const frames: Uint8Array[] = [];
	const closes: number[] = [];
	ws.on('message', (d: Buffer) => frames.push(new Uint8Array(d)));
	ws.on('close', (code) => closes.push(code));
	cleanups.push(() => ws.terminate());
	// Ready once the server's sync step 1 arrived (sent when the document is loaded).
	await waitFor('the server is ready', () => frames.length > 0);
	return {
		frames,
		closes,
		send(update: Uint8Array) {
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, 0);
			syncProtocol.writeUpdate(e, update);
			ws.send(encoding.toUint8Array(e));
		},
		/** A round trip: the server answers a sync step 1 after everything sent before it. */
		async roundTrip() {
			const n = frames.length;
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, 0);
			syncProtocol.writeSyncStep1(e, new Y.Doc());
			ws.send(encoding.toUint8Array(e));
			await waitFor('the answer', () => frames.length > n || closes.length > 0);
		}
	};
}

/** Keys of root map `m` the transaction inserted (what validate is shown). */
const insertedKeys = (c: CollabUpdateCheck) => {
	const out: string[] = [];
	for (const [client, structs] of c.doc.store.clients) {
		for (const s of structs) if (s instanceof Y.Item && s.id.clock >= (c.transaction.beforeState.get(client) ?? 0) && s.parentSub) out.push(s.parentSub);
	}
	return out.sort();
};
/** A rule for the test: no key of `m` may end without a live value, and nothing may be called "forbidden". */
const rule = (c: CollabUpdateCheck) => {
	const root = c.doc.share.get('m');
	for (const item of root?._map.values() ?? []) if (item.deleted) return { error: 'deleted', message: 'xoá', messageEn: 'deleted' };
	if (insertedKeys(c).includes('forbidden')) return { error: 'forbidden', message: 'cấm', messageEn: 'forbidden' };
	return null;
};

describe('the shadow copy in front of the document', () => {
	it('a refused update is neither applied nor relayed; the next one is judged on the real state', async () => {
		const seen: string[][] = [];
		const { collab, base } = await endpoint({ validate: (c) => (seen.push(insertedKeys(c)), rule(c)) });
		const bad = await rawClient(base + 'doc');
		const other = await rawClient(base + 'doc');
		const a = new Y.Doc();
		a.getMap('m').set('forbidden', 1);
		bad.send(Y.encodeStateAsUpdate(a));
		await waitFor('the refusal', () => bad.closes.length > 0);
		expect(bad.closes).toEqual([4422]);
		const doc = collab.getDoc('doc');
		expect(doc.getMap('m').size).toBe(0);

		const before = other.frames.length;
		const b = new Y.Doc();
		b.getMap('m').set('fine', 1);
		other.send(Y.encodeStateAsUpdate(b));
		await other.roundTrip();
		expect(doc.getMap('m').toJSON()).toEqual({ fine: 1 });
		// The only frame the other client got is the answer to its own round trip: nothing relayed.
		expect(other.frames.length).toBe(before + 1);
		// The shadow was rebuilt without the refused key: the second check saw only "fine".
		expect(seen).toEqual([['forbidden'], ['fine']]);
	});

	it('the part of an update that waits on missing structs is dropped, and comes back checked with the step 2', async () => {
		const seen: string[][] = [];
		const { collab, base } = await endpoint({ validate: (c) => (seen.push(insertedKeys(c)), rule(c)) });
		const c = await rawClient(base + 'doc');
		const a = new Y.Doc();
		a.getMap('m').set('x', 1);
		const sv = Y.encodeStateVector(a);
		a.getMap('m').set('y', 2);
		// "y" without "x" (lost with a dropped socket): its clock leaves a gap, Yjs would hold it pending.
		c.send(Y.encodeStateAsUpdate(a, sv));
		await c.roundTrip();
		const doc = collab.getDoc('doc');
		expect(doc.getMap('m').size).toBe(0);
		expect(c.closes).toEqual([]);
		// The step 2 (everything the client has beyond what the server announced) brings both, checked.
		c.send(Y.encodeStateAsUpdate(a));
		await c.roundTrip();
		expect(doc.getMap('m').toJSON()).toEqual({ x: 1, y: 2 });
		expect(seen).toEqual([['x', 'y']]);
	});

	it('an incomplete update that breaks a rule only as it stands is dropped without a refusal', async () => {
		const { collab, base } = await endpoint({ validate: rule });
		const c = await rawClient(base + 'doc');
		const a = new Y.Doc();
		a.getMap('m').set('place', 'a');
		c.send(Y.encodeStateAsUpdate(a));
		await c.roundTrip();
		const doc = collab.getDoc('doc');
		expect(doc.getMap('m').get('place')).toBe('a');
		a.getMap('m').set('lost', true); // never reaches the server
		const sv = Y.encodeStateVector(a);
		a.getMap('m').set('place', 'b');
		// The old value's deletion integrates at once, the new value waits on "lost": as it stands,
		// "place" would have no value — which the rule refuses. Dropped, not refused.
		c.send(Y.encodeStateAsUpdate(a, sv));
		await c.roundTrip();
		expect(c.closes).toEqual([]);
		expect(doc.getMap('m').get('place')).toBe('a');
		c.send(Y.encodeStateAsUpdate(a));
		await c.roundTrip();
		expect(doc.getMap('m').toJSON()).toEqual({ place: 'b', lost: true });
		expect(c.closes).toEqual([]);
	});

	it('the auth message carries the refusal as JSON before the 4422 close', async () => {
		const { base } = await endpoint({ validate: rule });
		const c = await rawClient(base + 'doc');
		const a = new Y.Doc();
		a.getMap('m').set('forbidden', 1);
		c.send(Y.encodeStateAsUpdate(a));
		await waitFor('the refusal', () => c.closes.length > 0);
		const auth = c.frames
			.map((f) => decoding.createDecoder(f))
			.filter((d) => decoding.readVarUint(d) === 2 && decoding.readVarUint(d) === 0)
			.map((d) => JSON.parse(decoding.readVarString(d)) as unknown);
		expect(auth).toEqual([{ error: 'forbidden', message: 'cấm', messageEn: 'forbidden' }]);
	});
});
