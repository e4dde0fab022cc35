/**
 * Configuration: the only place that reads process.env. Parsed once at start with a schema;
 * a bad value stops the server with a message naming the variable.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseSlots } from '../src/lib/domain/schedule.ts';
import { BOARD_LIMITS } from '../src/lib/domain/board-guard.ts';
import { normalizeOrigin } from '../src/lib/server/auth/cross-site.ts';
import { checkPassword } from '../src/lib/server/auth/password-strength.ts';
import { fieldError } from '../src/lib/contracts/errors.ts';

/** The project root (server/..), so relative defaults do not depend on the working directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

const envSchema = z.object({
	/** TCP port; 0 picks a free one (tests). */
	PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
	/** Interface to bind. */
	HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
	/** Where the embedded PGlite database lives when DATABASE_URL is not set. */
	DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
	/** PostgreSQL connection string; when set, PGlite is not used. */
	DATABASE_URL: z.preprocess(
		emptyAsUndefined,
		z
			.string()
			.regex(/^postgres(ql)?:\/\//, { error: 'DATABASE_URL is not a postgres:// URL' })
			.optional()
	),
	/** The district definition (wards, zone scheme). */
	DISTRICT_FILE: z.preprocess(emptyAsUndefined, z.string().default(path.join(PROJECT_ROOT, 'server/district/ba-dinh.json'))),
	LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
	/**
	 * Public origin (e.g. https://cp.example.vn) when behind a proxy that rewrites the host;
	 * SvelteKit's CSRF check compares form posts against it. Unset: taken from each request.
	 */
	ORIGIN: z.preprocess(emptyAsUndefined, z.url({ error: 'ORIGIN is not a URL such as https://cp.example.vn' }).optional()),
	/**
	 * Further origins that are this server (comma-separated, e.g. a proxy's public name
	 * https://cp.example.vn,http://10.0.0.5:3000): cookie-authenticated writes and WebSocket
	 * handshakes from them are not cross-site. The request's own scheme://host and ORIGIN always are.
	 */
	ALLOWED_ORIGINS: z.preprocess(
		emptyAsUndefined,
		z
			.string()
			.default('')
			.transform((v, ctx) => {
				const origins: string[] = [];
				for (const item of v
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean)) {
					const origin = normalizeOrigin(item);
					if (origin === null) {
						ctx.addIssue({ code: 'custom', message: `ALLOWED_ORIGINS: "${item}" is not an origin such as https://cp.example.vn` });
						return z.NEVER;
					}
					origins.push(origin);
				}
				return origins;
			})
	),
	/** Trust X-Forwarded-Proto from a reverse proxy (only when one is in front). */
	TRUST_PROXY: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')),
	/**
	 * First run only: the `admin` account's password, held to the same rule as every password
	 * (src/lib/domain/password.ts). Unset: a one-time password is printed once.
	 */
	ADMIN_PASSWORD: z.preprocess(
		emptyAsUndefined,
		z
			.string()
			.superRefine((v, ctx) => {
				const problem = checkPassword(v, { username: 'admin' });
				if (problem) ctx.addIssue({ code: 'custom', message: `ADMIN_PASSWORD is refused: ${fieldError('ADMIN_PASSWORD', problem).messageEn}` });
			})
			.optional()
	),
	/** A signed-in person is signed out after this many idle minutes. */
	SESSION_IDLE_MINUTES: z.preprocess(
		emptyAsUndefined,
		z.coerce
			.number()
			.int()
			.min(1)
			.max(7 * 24 * 60)
			.default(8 * 60)
	),
	/** …and after this many hours whatever the activity (a shift and a half). */
	SESSION_MAX_HOURS: z.preprocess(
		emptyAsUndefined,
		z.coerce
			.number()
			.int()
			.min(1)
			.max(24 * 30)
			.default(16)
	),
	/** How often open socket.io and /yjs connections are re-checked (session idle or too old, token revoked). */
	ACCESS_RECHECK_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().min(0.1).max(300).default(5)),
	/** Concurrent socket.io connections, and separately /yjs connections, of one person or API token. */
	MAX_CONNECTIONS_PER_ACCOUNT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000).default(20)),
	/** …of one wall display (kiosk token): a TV opens one page, a few boards at most. */
	MAX_CONNECTIONS_PER_KIOSK: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000).default(10)),
	/** socket.io events one connection may send per 10 s; a connection over it is dropped. */
	SOCKET_EVENTS_PER_10S: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(30)),
	/** `live:resume` requests (each may build a snapshot) one connection may make per 10 s; more are answered "rate_limited". */
	LIVE_RESUMES_PER_10S: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(5)),
	/** /yjs messages (edits, sync, awareness) one connection may send per 10 s; a connection over it is closed (1008). */
	YJS_MESSAGES_PER_10S: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(600)),
	/** /yjs awareness (presence) updates one connection may send per 10 s; over it the connection is closed (1008). */
	YJS_AWARENESS_PER_10S: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(100)),
	/**
	 * When situation reports are generated, Asia/Ho_Chi_Minh times of day, comma-separated
	 * (HH:mm, or HH:mm:ss for a short test schedule).
	 */
	REPORT_SLOTS: z.preprocess(
		emptyAsUndefined,
		z
			.string()
			.default('06:00,12:00,18:00')
			.transform((v, ctx) => {
				try {
					return parseSlots(v);
				} catch (err) {
					ctx.addIssue({ code: 'custom', message: `REPORT_SLOTS: ${(err as Error).message}` });
					return z.NEVER;
				}
			})
	),
	/**
	 * Largest state, in bytes, a task board may reach through edits over /yjs (default 8 MiB, a
	 * few thousand cards): an update that would make it bigger is refused.
	 */
	BOARD_MAX_BYTES: z.preprocess(
		emptyAsUndefined,
		z.coerce
			.number({ error: 'BOARD_MAX_BYTES must be a number of bytes' })
			.int({ error: 'BOARD_MAX_BYTES must be a whole number of bytes' })
			.min(1024, { error: 'BOARD_MAX_BYTES must be at least 1024 bytes' })
			.default(BOARD_LIMITS.boardBytes)
	),
	/** How long a graceful shutdown waits for in-flight requests before closing them. */
	SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(10_000))
});

export interface Config {
	port: number;
	host: string;
	dataDir: string;
	databaseUrl: string | null;
	districtFile: string;
	logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
	shutdownTimeoutMs: number;
	origin: string | null;
	/** ORIGIN and ALLOWED_ORIGINS, normalised: origins that are this server besides the request's own. */
	allowedOrigins: string[];
	trustProxy: boolean;
	adminPassword: string | null;
	sessionIdleMinutes: number;
	sessionMaxHours: number;
	/** Situation report slots (local times of day). */
	reportSlots: string[];
	/** Largest state of one task board reachable through /yjs edits (BOARD_MAX_BYTES). */
	boardMaxBytes: number;
	accessRecheckMs: number;
	/** Flood limits (see the variables of the same names). */
	limits: FloodLimits;
	/** Generated SQL migrations (drizzle/). */
	migrationsDir: string;
}

interface FloodLimits {
	maxConnectionsPerAccount: number;
	maxConnectionsPerKiosk: number;
	socketEventsPer10s: number;
	liveResumesPer10s: number;
	yjsMessagesPer10s: number;
	yjsAwarenessPer10s: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const parsed = envSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
	}
	const e = parsed.data;
	return {
		port: e.PORT,
		host: e.HOST,
		dataDir: path.resolve(e.DATA_DIR),
		databaseUrl: e.DATABASE_URL ?? null,
		districtFile: path.resolve(e.DISTRICT_FILE),
		logLevel: e.LOG_LEVEL,
		shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
		origin: e.ORIGIN ?? null,
		allowedOrigins: [...new Set([e.ORIGIN ? normalizeOrigin(e.ORIGIN) : null, ...e.ALLOWED_ORIGINS])].filter((o): o is string => o !== null),
		trustProxy: e.TRUST_PROXY === 'true',
		adminPassword: e.ADMIN_PASSWORD ?? null,
		sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
		sessionMaxHours: e.SESSION_MAX_HOURS,
		reportSlots: e.REPORT_SLOTS,
		boardMaxBytes: e.BOARD_MAX_BYTES,
		accessRecheckMs: Math.round(e.ACCESS_RECHECK_SECONDS * 1000),
		limits: {
			maxConnectionsPerAccount: e.MAX_CONNECTIONS_PER_ACCOUNT,
			maxConnectionsPerKiosk: e.MAX_CONNECTIONS_PER_KIOSK,
			socketEventsPer10s: e.SOCKET_EVENTS_PER_10S,
			liveResumesPer10s: e.LIVE_RESUMES_PER_10S,
			yjsMessagesPer10s: e.YJS_MESSAGES_PER_10S,
			yjsAwarenessPer10s: e.YJS_AWARENESS_PER_10S
		},
		migrationsDir: path.join(PROJECT_ROOT, 'drizzle')
	};
}

/**
 * The request header through which our HTTP server tells adapter-node's handler the protocol the
 * client used. Without it adapter-node assumes https, and SvelteKit's CSRF check then refuses
 * every form post served over plain http (a tablet on the command post's LAN).
 */
export const PROTOCOL_HEADER = 'x-command-post-protocol';

/**
 * Likewise the client's address (getClientAddress(): the sign-in throttle's key): the socket's
 * peer, or under TRUST_PROXY the address the proxy appended to X-Forwarded-For. Set on every
 * request by our server, so a client cannot choose its own address by sending a header.
 */
export const ADDRESS_HEADER = 'x-command-post-address';

/**
 * adapter-node reads its settings from the environment when build/handler.js is imported: hand
 * it ours first. The one place, besides loadConfig, that touches process.env.
 */
export function prepareAdapterEnv(config: Pick<Config, 'origin'>): void {
	process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
	process.env.ADDRESS_HEADER = ADDRESS_HEADER;
	// Request bodies are small forms and JSON reports: refuse anything over 256 KiB early.
	process.env.BODY_SIZE_LIMIT = String(256 * 1024);
	if (config.origin) process.env.ORIGIN = config.origin;
	else delete process.env.ORIGIN;
}
