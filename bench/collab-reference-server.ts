/**
 * The reference for bench/collab.ts: `@y/websocket-server@0.1.1` (the yjs-13 reference server of
 * the y-websocket protocol) as its own README wires it — `setupWSConnection` on a `ws` server,
 * no persistence, no authentication — on a plain node:http server. Documents are served on the
 * same URLs as ours (`/yjs/<document>`) so the benchmark's clients are identical for both.
 *
 * Run: `node --import tsx bench/collab-reference-server.ts`; it prints {"port": N} on stdout when
 * it listens (127.0.0.1, free port) and exits on SIGTERM/SIGINT.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const wss = new WebSocketServer({ noServer: true });
const httpServer = http.createServer((_req, res) => {
	res.writeHead(404).end();
});
httpServer.on('upgrade', (req, socket, head) => {
	const path = (req.url ?? '').split('?')[0]!;
	if (!path.startsWith('/yjs/')) {
		socket.destroy();
		return;
	}
	const docName = decodeURIComponent(path.slice('/yjs/'.length));
	wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }));
});

httpServer.listen(0, '127.0.0.1', () => {
	const { port } = httpServer.address() as AddressInfo;
	process.stdout.write(JSON.stringify({ port }) + '\n');
});

function stop(): void {
	for (const ws of wss.clients) ws.terminate();
	httpServer.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 2_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
