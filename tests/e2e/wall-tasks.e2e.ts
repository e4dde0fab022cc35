/**
 * Task boards on the wall, in a real browser: a card edited on a ward's board (through the stock
 * y-websocket client, as another tablet would) changes that ward's tile and the district's
 * overdue count live, and the alert strip says so.
 */
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addCard, moveCard } from '../../src/lib/contracts/board-edits.ts';
import { signInCookie, signedInName, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';

let server: SpawnedServer;
let cookie: string;
test.beforeAll(async () => {
	server = await spawnServer();
	cookie = await signInCookie(server.url);
});
test.afterAll(async () => {
	await server?.stop();
	await server?.cleanup();
});

test('an overdue card on Kim Mã’s board shows on the wall live, and goes when it is done', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const [name, value] = cookie.split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	const wall = await context.newPage();
	await wall.goto(`${server.url}/wall?pin=overview`);
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	const tile = wall.locator('[data-ward="kim-ma"] [data-field="tasks"]');
	await expect(tile).toHaveAttribute('data-overdue', '0');
	const totalOverdue = wall.locator('[data-testid="district-totals"] [data-field="tasksOverdue"]');
	await expect(totalOverdue).toHaveText('0');

	// The board rules take created/updated by from the connection: edit under the signed-in name.
	const by = { by: await signedInName(server.url, cookie) };
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(server.url.replace(/^http/, 'ws') + '/yjs', 'board:ward:kim-ma', doc, {
		WebSocketPolyfill: class extends WebSocket {
			constructor(address: string | URL, protocols?: string | string[]) {
				super(address, protocols, { headers: { cookie } });
			}
		} as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	try {
		await new Promise<void>((r) => provider.once('sync', () => r()));
		const id = addCard(doc, 'todo', { title: 'Rà soát F1 tổ dân phố 12', deadline: '2021-09-01' }, by);
		addCard(doc, 'doing', { title: 'Phát gạo', deadline: '2999-01-01' }, by);
		await expect(tile).toHaveAttribute('data-overdue', '1');
		await expect(tile).toHaveAttribute('data-open', '2');
		await expect(totalOverdue).toHaveText('1');
		await expect(wall.getByTestId('alerts')).toContainText('1 nhiệm vụ quá hạn');

		moveCard(doc, id, 'done', 0, by);
		await expect(tile).toHaveAttribute('data-overdue', '0');
		await expect(tile).toHaveAttribute('data-open', '1');
		await expect(totalOverdue).toHaveText('0');
		await expect(wall.getByTestId('alerts')).not.toContainText('nhiệm vụ quá hạn');
		// no page scrolls for the added line
		const o = await wall.evaluate(() => ({ h: document.documentElement.scrollHeight, ih: innerHeight }));
		expect(o.h).toBeLessThanOrEqual(o.ih);
	} finally {
		provider.destroy();
		doc.destroy();
		await context.close();
	}
});
