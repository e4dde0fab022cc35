/**
 * Passwords and bearer secrets. Passwords: argon2id through @node-rs/argon2 (a maintained
 * binding; never hand-rolled crypto). Tokens: 32 random bytes; only their SHA-256 is stored,
 * which is enough for high-entropy secrets and keeps lookups a single indexed equality.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id baseline (19 MiB, t=2, p=1): ~50 ms here, fine for sign-in rates. */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** A hash of a random password: verified against when the user does not exist, so that unknown
 *  and known usernames take the same time (no user enumeration by timing). */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
	return (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
}

export function newToken(prefix: string): string {
	return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export function newId(): string {
	return crypto.randomUUID();
}

/** A one-time password people can read aloud and type on a tablet: 4 groups of 4, no look-alikes. */
export function oneTimePassword(): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	const groups: string[] = [];
	for (let g = 0; g < 4; g++) {
		let s = '';
		for (let i = 0; i < 4; i++) s += alphabet[randomInt(alphabet.length)];
		groups.push(s);
	}
	return groups.join('-');
}
