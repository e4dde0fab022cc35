/**
 * The production server: core + one HTTP server (SvelteKit handler, socket.io, Yjs) + graceful
 * shutdown. Tests start it on port 0 with real clients.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setRuntime } from '../src/lib/server/registry.ts';
import { ADDRESS_HEADER, PROTOCOL_HEADER, type Config } from './config.ts';
import { createCore, createLogger, type Core } from './core.ts';
import { clientAddress, clientProtocol } from './origin.ts';
import { attachRealtime, type Realtime } from './realtime.ts';
import { startScheduler } from './scheduler.ts';

/** adapter-node's handler: a connect-style middleware. */
export type SvelteKitHandler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

export interface RunningServer {
	port: number;
	url: string;
	core: Core;
	realtime: Realtime;
	httpServer: http.Server;
	/** Graceful: stop accepting, finish in-flight writes, close sockets, close the database. */
	close(): Promise<void>;
}

export async function startServer(config: Config, opts: { handler?: SvelteKitHandler; logger?: Core['logger'] } = {}): Promise<RunningServer> {
	const logger = opts.logger ?? createLogger(config);
	const core = await createCore(config, logger);
	const handler = opts.handler;
	const httpServer = http.createServer((req, res) => {
		// Tell SvelteKit which protocol the client really used (see PROTOCOL_HEADER).
		req.headers[PROTOCOL_HEADER] = clientProtocol(req, config.trustProxy);
		// …and the address (see ADDRESS_HEADER): the proxy's last X-Forwarded-For hop only when trusted.
		req.headers[ADDRESS_HEADER] = clientAddress(req, config.trustProxy);
		const notFound = () => {
			res.statusCode = 404;
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ error: 'not_found', message: 'Không tìm thấy', messageEn: 'Not found' }));
		};
		if (handler) handler(req, res, notFound);
		else notFound();
	});
	// Slow-loris guard; long enough for a tablet on weak mobile data.
	httpServer.requestTimeout = 30_000;
	httpServer.headersTimeout = 20_000;

	const realtime = attachRealtime(httpServer, core, { dev: false });
	setRuntime(core.runtime);

	try {
		await new Promise<void>((resolve, reject) => {
			httpServer.once('error', reject);
			httpServer.listen(config.port, config.host, () => {
				httpServer.off('error', reject);
				resolve();
			});
		});
	} catch (err) {
		await realtime.close();
		await core.close();
		setRuntime(null);
		throw err;
	}
	const scheduler = startScheduler(core);
	const { port } = httpServer.address() as AddressInfo;
	const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
	const url = `http://${shownHost}:${port}`;
	logger.info({ port, url }, `Command Post listening on ${url}`);

	let closing: Promise<void> | null = null;
	async function shutdown(): Promise<void> {
		logger.info('shutting down: no new connections, finishing in-flight writes');
		await scheduler.stop();
		const serverClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
		httpServer.closeIdleConnections();
		await withTimeout(core.services.inflight.drain(), config.shutdownTimeoutMs);
		await realtime.close();
		const forced = setTimeout(() => httpServer.closeAllConnections(), config.shutdownTimeoutMs);
		httpServer.closeIdleConnections();
		await serverClosed;
		clearTimeout(forced);
		await core.close();
		setRuntime(null);
		logger.info('shut down cleanly');
	}

	return {
		port,
		url,
		core,
		realtime,
		httpServer,
		close: () => (closing ??= shutdown())
	};
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
	return new Promise((resolve) => {
		const t = setTimeout(resolve, ms);
		void p.finally(() => {
			clearTimeout(t);
			resolve();
		});
	});
}
