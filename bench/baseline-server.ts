/**
 * The baseline for bench/fanout.ts: a bare socket.io server on a plain node:http server, with the
 * same socket.io options as server/realtime.ts but no database, no validation, no SvelteKit.
 *
 *   POST /report?ward=<code>  JSON body → io.emit('live:event', { seq, at, type, wardCode, report: body }) → 201
 *   'live:resume' (with ack)  → { mode: 'events', events: [], seq }
 *
 * Run: `node --import tsx bench/baseline-server.ts`; it prints {"port": N} on stdout when it listens
 * (127.0.0.1, free port) and exits on SIGTERM/SIGINT.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

let seq = 0;

const httpServer = http.createServer((req, res) => {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	if (req.method !== 'POST' || url.pathname !== '/report') {
		res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
		return;
	}
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		let body: unknown;
		try {
			body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		} catch {
			res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_body"}');
			return;
		}
		seq++;
		io.emit('live:event', {
			seq,
			at: new Date().toISOString(),
			type: 'cases:reported',
			wardCode: url.searchParams.get('ward') ?? '',
			report: body
		});
		res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: seq }));
	});
});

const io = new Server(httpServer, {
	path: '/socket.io',
	serveClient: false,
	maxHttpBufferSize: 64 * 1024,
	pingInterval: 10_000,
	pingTimeout: 10_000
});

io.on('connection', (socket) => {
	socket.on('live:resume', (_request: unknown, ack: unknown) => {
		if (typeof ack === 'function') ack({ mode: 'events', events: [], seq });
	});
});

httpServer.listen(0, '127.0.0.1', () => {
	const { port } = httpServer.address() as AddressInfo;
	process.stdout.write(JSON.stringify({ port }) + '\n');
});

let stopping = false;
function stop(): void {
	if (stopping) process.exit(1);
	stopping = true;
	io.disconnectSockets(true);
	// io.close() also closes the HTTP server.
	void io.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 5_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
