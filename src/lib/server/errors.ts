/**
 * Errors services throw; routes and socket handlers map them to answers (never a stack trace).
 *
 * The services are created by the composition root (server/, run by tsx) while routes run from
 * the SvelteKit bundle: each has its own copy of this module, so `instanceof` is decided by a
 * Symbol.for brand rather than by class identity.
 */
import type { FieldError } from '../contracts/errors.ts';

const KIND = Symbol.for('command-post.error-kind');
type Branded = { [KIND]?: string };

function brandCheck(kind: string) {
	return (value: unknown) => typeof value === 'object' && value !== null && (value as Branded)[KIND] === kind;
}

export class ValidationError extends Error {
	readonly [KIND] = 'validation';
	static [Symbol.hasInstance] = brandCheck('validation');
	constructor(readonly errors: FieldError[]) {
		super(`invalid input: ${errors.map((e) => `${e.field || '(body)'} ${e.code}`).join(', ')}`);
		this.name = 'ValidationError';
	}
}

export class NotFoundError extends Error {
	readonly [KIND] = 'not_found';
	static [Symbol.hasInstance] = brandCheck('not_found');
	constructor(
		readonly entity: string,
		readonly key: string
	) {
		super(`${entity} ${key} not found`);
		this.name = 'NotFoundError';
	}
}

export class ShuttingDownError extends Error {
	readonly [KIND] = 'shutting_down';
	static [Symbol.hasInstance] = brandCheck('shutting_down');
	constructor() {
		super('the server is shutting down');
		this.name = 'ShuttingDownError';
	}
}
