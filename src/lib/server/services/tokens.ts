/**
 * Device and system credentials: kiosk tokens (wall displays) and API tokens (other systems).
 * Created by an admin, shown once, stored hashed, revocable, with last-used time.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import { apiTokenCreateInput, kioskCreateInput, parseWith } from '../../contracts/accounts.ts';
import { fieldError } from '../../contracts/errors.ts';
import { kioskLayoutInput } from '../../contracts/wall-layouts.ts';
import { can, keyOfPrincipal, type Principal } from '../../domain/access.ts';
import { apiTokens, kioskTokens, wallLayouts } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { EventBus } from '../realtime/bus.ts';
import { newId, newToken, tokenHash } from '../auth/secrets.ts';
import type { District } from './district.ts';
import type { Inflight } from '../inflight.ts';
import { createCommand } from './command.ts';

interface TokenView {
	id: string;
	name: string;
	createdBy: string;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

export interface KioskView extends TokenView {
	/** The saved wall layout the TV shows when its link names none (null: the default playlist). */
	layoutSlug: string | null;
}

export interface ApiTokenView extends TokenView {
	access: 'read' | 'write';
	wards: string[] | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** Record last use at most this often (a read per request, not a write). */
const TOUCH_EVERY_MS = 60_000;

export function createTokenService(deps: { db: Db; bus: EventBus; district: District; inflight: Inflight; clock: () => Date }) {
	const { db, district, clock } = deps;
	const command = createCommand(deps);

	function requireAdmin(actor: Principal): void {
		if (!can(actor, 'admin:manage')) throw new ForbiddenError('admin:manage');
	}
	const actorName = (a: Principal) => (a.kind === 'user' ? a.username : a.kind === 'system' ? 'system' : a.name);

	const tokenView = (k: typeof kioskTokens.$inferSelect | typeof apiTokens.$inferSelect): TokenView => ({
		id: k.id,
		name: k.name,
		createdBy: k.createdBy,
		createdAt: k.createdAt.toISOString(),
		lastUsedAt: iso(k.lastUsedAt),
		revokedAt: iso(k.revokedAt)
	});
	const kioskView = (k: typeof kioskTokens.$inferSelect): KioskView => ({ ...tokenView(k), layoutSlug: k.layoutSlug });
	const apiView = (t: typeof apiTokens.$inferSelect): ApiTokenView => ({
		...tokenView(t),
		access: t.access as 'read' | 'write',
		wards: t.wards ?? null
	});

	/** A kiosk's default layout from a body's `layoutSlug`: null, or a layout that exists. */
	async function layoutOf(input: unknown, tx: Db | Tx): Promise<string | null> {
		const picked = typeof input === 'object' && input !== null && 'layoutSlug' in input ? { layoutSlug: (input as { layoutSlug: unknown }).layoutSlug } : {};
		const parsed = parseWith(kioskLayoutInput, picked);
		if (!parsed.ok) throw new ValidationError(parsed.errors);
		const slug = parsed.value.layoutSlug;
		if (slug === null) return null;
		const [l] = await tx.select({ slug: wallLayouts.slug }).from(wallLayouts).where(eq(wallLayouts.slug, slug));
		if (!l) throw new ValidationError([fieldError('layoutSlug', 'unknown_layout', slug)]);
		return slug;
	}

	/** Of these token ids, those revoked or gone: one query, no lastUsedAt write. */
	async function ended(table: typeof kioskTokens | typeof apiTokens, ids: string[]): Promise<string[]> {
		if (!ids.length) return [];
		const rows = await db.select({ id: table.id, revokedAt: table.revokedAt }).from(table).where(inArray(table.id, ids));
		const alive = new Set(rows.filter((r) => r.revokedAt === null).map((r) => r.id));
		return ids.filter((id) => !alive.has(id));
	}

	return {
		kiosks: {
			ended: (ids: string[]) => ended(kioskTokens, ids),
			async list(actor: Principal): Promise<KioskView[]> {
				requireAdmin(actor);
				return (await db.select().from(kioskTokens).orderBy(desc(kioskTokens.createdAt))).map(kioskView);
			},
			/** The token is returned once and never stored in clear. */
			async create(actor: Principal, input: unknown): Promise<{ kiosk: KioskView; token: string }> {
				requireAdmin(actor);
				const parsed = parseWith(kioskCreateInput, input);
				if (!parsed.ok) throw new ValidationError(parsed.errors);
				const token = newToken('cpk');
				const k = await command({
					actor,
					action: 'admin:manage',
					operation: 'kiosk.create',
					request: parsed.value,
					run: async (tx) => {
						const layoutSlug = await layoutOf(input, tx);
						const row = { id: newId(), name: parsed.value.name, tokenHash: tokenHash(token), createdBy: actorName(actor), layoutSlug };
						const [k] = await tx.insert(kioskTokens).values(row).returning();
						return { result: k!, audit: [{ entity: 'kiosk_token', entityId: row.id, after: { name: row.name, layoutSlug } }], events: [] };
					}
				});
				return { kiosk: kioskView(k), token };
			},
			/** `{ layoutSlug }`: the TV's default layout, or null/"" for the default playlist; the TV follows live. */
			async setLayout(actor: Principal, id: string, input: unknown): Promise<KioskView> {
				requireAdmin(actor);
				return command({
					actor,
					action: 'admin:manage',
					operation: 'kiosk.set_layout',
					request: { id, input },
					run: async (tx) => {
						const layoutSlug = await layoutOf(input, tx);
						const [before] = await tx.select().from(kioskTokens).where(eq(kioskTokens.id, id)).for('update');
						if (!before) throw new NotFoundError('kiosk_token', id);
						const [k] = await tx.update(kioskTokens).set({ layoutSlug }).where(eq(kioskTokens.id, id)).returning();
						return {
							result: kioskView(k!),
							audit: [{ entity: 'kiosk_token', entityId: id, before: { layoutSlug: before.layoutSlug }, after: { layoutSlug } }],
							events: [{ type: 'kiosks:layout-changed', wardCode: null, kioskId: id, layoutSlug }]
						};
					}
				});
			},
			async revoke(actor: Principal, id: string): Promise<void> {
				requireAdmin(actor);
				await command({
					actor,
					action: 'admin:manage',
					operation: 'kiosk.revoke',
					request: { id },
					run: async (tx) => {
						const [k] = await tx.update(kioskTokens).set({ revokedAt: clock() }).where(eq(kioskTokens.id, id)).returning();
						if (!k) throw new NotFoundError('kiosk_token', id);
						return {
							result: undefined,
							audit: [{ entity: 'kiosk_token', entityId: id, after: { revokedAt: k.revokedAt } }],
							events: [],
							// Its open walls are closed at once, on every process.
							control: [{ type: 'access:revoked', principalKey: keyOfPrincipal('kiosk', id), reason: 'revoked' }]
						};
					}
				});
			},
			async resolve(token: string): Promise<Extract<Principal, { kind: 'kiosk' }> | null> {
				const [k] = await db
					.select()
					.from(kioskTokens)
					.where(eq(kioskTokens.tokenHash, tokenHash(token)));
				if (!k || k.revokedAt) return null;
				const now = clock();
				if (!k.lastUsedAt || now.getTime() - k.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
					await db.update(kioskTokens).set({ lastUsedAt: now }).where(eq(kioskTokens.id, k.id));
				}
				return { kind: 'kiosk', id: k.id, name: k.name };
			}
		},
		api: {
			ended: (ids: string[]) => ended(apiTokens, ids),
			async list(actor: Principal): Promise<ApiTokenView[]> {
				requireAdmin(actor);
				return (await db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt))).map(apiView);
			},
			async create(actor: Principal, input: unknown): Promise<{ apiToken: ApiTokenView; token: string }> {
				requireAdmin(actor);
				const parsed = parseWith(apiTokenCreateInput, input);
				if (!parsed.ok) throw new ValidationError(parsed.errors);
				const v = parsed.value;
				const unknown = (v.wards ?? []).filter((w) => !district.ward(w));
				if (unknown.length) throw new ValidationError([fieldError('wards', 'unknown_ward', unknown.join(', '))]);
				const token = newToken('cpa');
				const row = { id: newId(), name: v.name, access: v.access, wards: v.wards, tokenHash: tokenHash(token), createdBy: actorName(actor) };
				const t = await command({
					actor,
					action: 'admin:manage',
					operation: 'api_token.create',
					request: v,
					run: async (tx) => {
						const [t] = await tx.insert(apiTokens).values(row).returning();
						return { result: t!, audit: [{ entity: 'api_token', entityId: row.id, after: { name: v.name, access: v.access, wards: v.wards } }], events: [] };
					}
				});
				return { apiToken: apiView(t), token };
			},
			async revoke(actor: Principal, id: string): Promise<void> {
				requireAdmin(actor);
				await command({
					actor,
					action: 'admin:manage',
					operation: 'api_token.revoke',
					request: { id },
					run: async (tx) => {
						const [t] = await tx.update(apiTokens).set({ revokedAt: clock() }).where(eq(apiTokens.id, id)).returning();
						if (!t) throw new NotFoundError('api_token', id);
						return {
							result: undefined,
							audit: [{ entity: 'api_token', entityId: id, after: { revokedAt: t.revokedAt } }],
							events: [],
							control: [{ type: 'access:revoked', principalKey: keyOfPrincipal('api', id), reason: 'revoked' }]
						};
					}
				});
			},
			async resolve(token: string): Promise<Extract<Principal, { kind: 'api' }> | null> {
				const [t] = await db
					.select()
					.from(apiTokens)
					.where(eq(apiTokens.tokenHash, tokenHash(token)));
				if (!t || t.revokedAt) return null;
				const now = clock();
				if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
					await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, t.id));
				}
				return { kind: 'api', id: t.id, name: t.name, access: t.access as 'read' | 'write', wards: t.wards ?? 'all' };
			}
		}
	};
}

export type TokenService = ReturnType<typeof createTokenService>;
