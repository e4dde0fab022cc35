/**
 * Errors services throw; routes and socket handlers map them to answers (never a stack trace).
 *
 * The services are created by the composition root (server/, run by tsx) while routes run from
 * the SvelteKit bundle: each has its own copy of this module, so `instanceof` is decided by a
 * Symbol.for brand rather than by class identity.
 */
import type { FieldError, ParseResult } from '../contracts/errors.ts';

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

/** The parsed value, or the refusal as a ValidationError (one per field at fault). */
export function valid<T>(r: ParseResult<T>): T {
	if (!r.ok) throw new ValidationError(r.errors);
	return r.value;
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

/**
 * A rule of the directives refuses the change (409; 403 when the rule is about who may): e.g. a
 * facility's status change the state machine does not allow. `errors` name the field and the rule.
 */
export class RuleRefusedError extends Error {
	readonly [KIND] = 'rule_refused';
	static [Symbol.hasInstance] = brandCheck('rule_refused');
	constructor(
		readonly errors: FieldError[],
		readonly status: 403 | 409 = 409
	) {
		super(`refused by rule: ${errors.map((e) => e.code).join(', ')}`);
		this.name = 'RuleRefusedError';
	}
}

/** The principal may not do this (403). Never says whether the thing exists. */
export class ForbiddenError extends Error {
	readonly [KIND] = 'forbidden';
	static [Symbol.hasInstance] = brandCheck('forbidden');
	constructor(readonly action: string) {
		super(`forbidden: ${action}`);
		this.name = 'ForbiddenError';
	}
}

/** No valid identity (401). */
export class UnauthenticatedError extends Error {
	readonly [KIND] = 'unauthenticated';
	static [Symbol.hasInstance] = brandCheck('unauthenticated');
	constructor() {
		super('sign-in required');
		this.name = 'UnauthenticatedError';
	}
}

/** Too many attempts (429); `retryAfter` in seconds. */
export class TooManyRequestsError extends Error {
	readonly [KIND] = 'too_many';
	static [Symbol.hasInstance] = brandCheck('too_many');
	constructor(readonly retryAfter: number) {
		super(`too many attempts; retry after ${retryAfter} s`);
		this.name = 'TooManyRequestsError';
	}
}

/** An idempotency key sent again with a different request (409): the first outcome stands, nothing is saved. */
export class IdempotencyKeyReusedError extends Error {
	readonly [KIND] = 'idempotency_key_reused';
	static [Symbol.hasInstance] = brandCheck('idempotency_key_reused');
	constructor() {
		super('idempotency key reused with a different request');
		this.name = 'IdempotencyKeyReusedError';
	}
}
