/**
 * Production entry: `npm start` (after server/ensure-build.mjs) runs this with tsx.
 * Composition root: config → database → HTTP server → realtime → listen; graceful shutdown.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, prepareAdapterEnv, PROJECT_ROOT } from './config.ts';
import { startServer, type SvelteKitHandler } from './app.ts';
import { createLogger } from './core.ts';

async function main(): Promise<void> {
	let config;
	try {
		config = loadConfig();
	} catch (err) {
		if (err instanceof ConfigError) {
			console.error(err.message);
			process.exit(2);
		}
		throw err;
	}
	const logger = createLogger(config);
	prepareAdapterEnv(config);
	const handlerPath = pathToFileURL(path.join(PROJECT_ROOT, 'build/handler.js')).href;
	const { handler } = (await import(handlerPath)) as { handler: SvelteKitHandler };

	const server = await startServer(config, { handler, logger });

	let signals = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		signals++;
		if (signals > 1) {
			logger.warn(`${signal} again: exiting now`);
			process.exit(1);
		}
		logger.info(`${signal} received`);
		server.close().then(
			() => process.exit(0),
			(err: unknown) => {
				logger.error({ err }, 'shutdown failed');
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', onSignal);
	process.on('SIGINT', onSignal);
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
