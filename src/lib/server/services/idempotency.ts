/**
 * Exactly-once entries from devices that retry. The key is claimed (unique primary key) inside the
 * change's own transaction: the first sender's change and its outcome commit together; a retry —
 * even one racing the first — waits on the key, then gets the stored outcome and changes nothing.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { principalKey, type Principal } from '../../domain/access.ts';
import { fieldError } from '../../contracts/errors.ts';
import { idempotencyKeys } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { ValidationError } from '../errors.ts';

/** Made on the device: a UUID or any 8–100 URL-safe characters. */
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/);

export function parseIdempotencyKey(raw: unknown): string | null {
	if (raw == null || raw === '') return null;
	const r = idempotencyKey.safeParse(raw);
	if (!r.success) throw new ValidationError([fieldError('idempotencyKey', 'invalid', '8–100 ký tự A-Z a-z 0-9 _ - / 8–100 URL-safe characters')]);
	return r.data;
}

/**
 * Runs `change` once per key. Returns `{ outcome, replayed }`: replayed = true when the key was
 * already used and `change` did not run. Call inside the change's transaction.
 */
export async function once<T>(
	tx: Tx,
	key: string | null,
	actor: Principal,
	operation: string,
	change: () => Promise<T>
): Promise<{ outcome: T; replayed: boolean }> {
	if (!key) return { outcome: await change(), replayed: false };
	const claimed = await tx
		.insert(idempotencyKeys)
		.values({ key, actorKey: principalKey(actor), operation, outcome: {} })
		.onConflictDoNothing()
		.returning({ key: idempotencyKeys.key });
	if (claimed.length === 0) {
		const [prev] = await tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
		if (!prev || prev.actorKey !== principalKey(actor) || prev.operation !== operation) {
			throw new ValidationError([fieldError('idempotencyKey', 'invalid', 'khóa đã được dùng cho việc khác / key already used for another entry')]);
		}
		return { outcome: prev.outcome as T, replayed: true };
	}
	const outcome = await change();
	await tx.update(idempotencyKeys).set({ outcome: outcome as object }).where(eq(idempotencyKeys.key, key));
	return { outcome, replayed: false };
}
