/**
 * The core of one process: config → database (migrated) → district → services (with the board
 * documents' storage, built here) → bus.
 * Shared by the production server (server/app.ts), the dev server (server/vite-plugin.ts),
 * the simulator and the tests, so they all run the same code path.
 */
import { readFile } from 'node:fs/promises';
import { pino, type Logger } from 'pino';
import { districtDefinition, type DistrictDefinition } from '../src/lib/contracts/district.ts';
import { facilitiesFile } from '../src/lib/contracts/quarantine.ts';
import { stockFile } from '../src/lib/contracts/stock.ts';
import { checkpointsFile } from '../src/lib/contracts/checkpoints.ts';
import { dutyFile } from '../src/lib/contracts/duty.ts';
import { openDatabase, type Database } from '../src/lib/server/db/client.ts';
import { createLocalBus, type EventBus } from '../src/lib/server/realtime/bus.ts';
import { createYjsPersistence, type YjsPersistence } from '../src/lib/server/collab/persistence.ts';
import type { Runtime } from '../src/lib/server/registry.ts';
import { createServices, type Services } from '../src/lib/server/services/index.ts';
import type { Config } from './config.ts';

export interface Core {
	config: Config;
	logger: Logger;
	database: Database;
	bus: EventBus;
	/**
	 * The board documents' storage (update log + snapshots): ONE object, handed to the boards
	 * service (projection, audit) and to the /yjs endpoint (server/realtime.ts), so what the
	 * endpoint loads and flushes is what the service projects and audits.
	 */
	collabStorage: YjsPersistence;
	services: Services;
	runtime: Runtime;
	close(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
	return pino({ level: config.logLevel, base: { app: 'command-post' } });
}

export async function readDistrictDefinition(file: string): Promise<DistrictDefinition> {
	let raw: unknown;
	try {
		raw = JSON.parse(await readFile(file, 'utf8'));
	} catch (err) {
		throw new Error(`DISTRICT_FILE ${file} cannot be read as JSON: ${(err as Error).message}`, { cause: err });
	}
	const parsed = districtDefinition.safeParse(raw);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
		throw new Error(`DISTRICT_FILE ${file} is not a valid district definition:\n${lines.join('\n')}`);
	}
	return parsed.data;
}

/**
 * A district's companion data file (e.g. ba-dinh.quarantine.json next to ba-dinh.json): optional,
 * validated like the definition.
 */
export async function readCompanionFile<T>(
	districtFile: string,
	name: string,
	schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }
): Promise<T | undefined> {
	const file = districtFile.replace(/\.json$/, `.${name}.json`);
	let raw: unknown;
	try {
		raw = JSON.parse(await readFile(file, 'utf8'));
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new Error(`${file} cannot be read as JSON: ${(err as Error).message}`, { cause: err });
	}
	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
		throw new Error(`${file} is not valid:\n${lines.join('\n')}`);
	}
	return parsed.data;
}

export async function createCore(
	config: Config,
	logger: Logger = createLogger(config),
	/** The services' clock; default the real one. The back-fill (server/backfill.ts) sets simulated instants. */
	opts: { clock?: () => Date } = {}
): Promise<Core> {
	const definition = await readDistrictDefinition(config.districtFile);
	const quarantineFile = await readCompanionFile(config.districtFile, 'quarantine', facilitiesFile);
	const stockData = await readCompanionFile(config.districtFile, 'stock', stockFile);
	const checkpointData = await readCompanionFile(config.districtFile, 'checkpoints', checkpointsFile);
	const dutyData = await readCompanionFile(config.districtFile, 'duty', dutyFile);
	const database = await openDatabase(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir });
	let services: Services;
	const collabStorage = createYjsPersistence({ db: database.db, logger });
	const bus = createLocalBus((err) => logger.error({ err }, 'event listener failed'));
	try {
		await database.migrate(config.migrationsDir);
		services = await database.exclusive(() =>
			createServices({
				database,
				bus,
				definition,
				data: { quarantine: quarantineFile, stock: stockData, checkpoints: checkpointData, duty: dutyData },
				logger,
				collabStorage,
				clock: opts.clock,
				reportSlots: config.reportSlots,
				sessionPolicy: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours }
			})
		);
		const admin = await database.exclusive(() => services.accounts.ensureAdmin(config.adminPassword));
		if (admin.created && admin.oneTimePassword) {
			// Printed once, never stored in clear; it must be changed at first sign-in.
			logger.warn(
				{ username: 'admin' },
				`First run: sign in as "admin" with the one-time password ${admin.oneTimePassword} — you will be asked to change it. / Lần chạy đầu: đăng nhập "admin" bằng mật khẩu dùng một lần ở trên và đổi ngay.`
			);
		} else if (admin.created) {
			logger.info('First run: the "admin" account uses ADMIN_PASSWORD.');
		}
	} catch (err) {
		await database.close().catch(() => {});
		throw err;
	}
	logger.info(
		{ database: database.kind, district: definition.code, wards: services.district.wards.length },
		`database ready (${database.kind}), district ${definition.name} with ${services.district.wards.length} wards`
	);
	return {
		config,
		logger,
		database,
		bus,
		collabStorage,
		services,
		runtime: { services, logger, allowedOrigins: config.allowedOrigins },
		async close() {
			await services.inflight.drain();
			await services.boards.close();
			await database.close();
		}
	};
}
