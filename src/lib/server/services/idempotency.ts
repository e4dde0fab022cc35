/**
 * Exactly-once entries from devices that retry. The key is claimed (unique primary key) inside the
 * change's own transaction: the first sender's change and its outcome commit together; a retry —
 * even one racing the first — waits on the key, then gets the stored outcome and changes nothing.
 *
 * A key means ONE payload: the claim stores a hash of the canonical request (operation, target and
 * the parsed body), and a retry whose hash differs is refused (IdempotencyKeyReusedError, 409) —
 * answering it with the first outcome would tell the device its new values were saved.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { principalKey, type Principal } from '../../domain/access.ts';
import { fieldError } from '../../contracts/errors.ts';
import { idempotencyKeys } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { IdempotencyKeyReusedError, ValidationError } from '../errors.ts';
import { canonicalJson } from '../../domain/canonical-json.ts';

/** Made on the device: a UUID or any 8–100 URL-safe characters. */
const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/);

export function parseIdempotencyKey(raw: unknown): string | null {
	if (raw == null || raw === '') return null;
	const r = idempotencyKey.safeParse(raw);
	if (!r.success) throw new ValidationError([fieldError('idempotencyKey', 'invalid', '8–100 ký tự A-Z a-z 0-9 _ - / 8–100 URL-safe characters')]);
	return r.data;
}

/** The stored fingerprint of a request: operation + canonical JSON of what it acts on and with. */
function requestHash(operation: string, request: unknown): string {
	return createHash('sha256').update(canonicalJson({ operation, request })).digest('hex');
}

/**
 * Runs `change` once per key. Returns `{ outcome, replayed }`: replayed = true when the key was
 * already used for the same request and `change` did not run. `request` is what the change acts on
 * and with — the target (ward, warehouse…) and the PARSED body, so that spelling the same values
 * differently (key order, "" for null) is still the same request. Call inside the change's transaction.
 */
export async function once<T>(
	tx: Tx,
	key: string | null,
	actor: Principal,
	operation: string,
	request: unknown,
	change: () => Promise<T>
): Promise<{ outcome: T; replayed: boolean }> {
	if (!key) return { outcome: await change(), replayed: false };
	const hash = requestHash(operation, request);
	const claimed = await tx
		.insert(idempotencyKeys)
		.values({ key, actorKey: principalKey(actor), operation, requestHash: hash, outcome: {} })
		.onConflictDoNothing()
		.returning({ key: idempotencyKeys.key });
	if (claimed.length === 0) {
		const [prev] = await tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
		// Another sender's key, another operation, or other values: all the same refusal, which tells
		// nothing about what the key was first used for.
		const same = prev && prev.actorKey === principalKey(actor) && prev.operation === operation && (prev.requestHash === null || prev.requestHash === hash);
		if (!same) throw new IdempotencyKeyReusedError();
		return { outcome: prev.outcome as T, replayed: true };
	}
	const outcome = await change();
	await tx
		.update(idempotencyKeys)
		.set({ outcome: outcome as object })
		.where(eq(idempotencyKeys.key, key));
	return { outcome, replayed: false };
}
