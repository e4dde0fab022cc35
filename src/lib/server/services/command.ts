/**
 * The one write path. Every command of every concept goes through `command()`:
 *
 *   authorize → claim the idempotency key → in-flight guard → one transaction:
 *   the concept's own writes → its audit row(s) → its outbox event(s) → commit → publish.
 *
 * Guarantees: the change, its audit rows and its events commit together or not at all (a refusal
 * thrown anywhere inside saves nothing); a retried key answers the first outcome and writes nothing
 * (idempotency.ts); events are published on the bus only after the commit, and never on a replay;
 * a graceful shutdown waits for the command (inflight.ts). A service says only what is its own:
 * the permission, the ward it touches, and `run`.
 */
import { can, type Action, type Principal } from '../../domain/access.ts';
import type { LiveEvent } from '../../contracts/live.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { ControlMessage, EventBus } from '../realtime/bus.ts';
import { record, type AuditEntryInput } from './audit.ts';
import { once, parseIdempotencyKey } from './idempotency.ts';
import { appendEvent, type Unsequenced } from './outbox.ts';

export interface CommandSpec<T> {
	actor: Principal;
	/**
	 * The permission the command needs, on `ward` (null: the district's own; omitted: none in
	 * particular). `null` action: any signed-in principal acting on itself (changing its password).
	 */
	action: Action | null;
	ward?: string | null;
	/** The device's Idempotency-Key, if any (malformed → 400 before anything is read). */
	key?: string | null;
	/** The audit action and the idempotency operation, e.g. `quarantine.admission`. */
	operation: string;
	/** What a retry with the same key must carry again: the target and the parsed body. */
	request: unknown;
	/** The concept's writes, inside the transaction; throw to refuse (nothing is saved). */
	run: (tx: Tx) => Promise<CommandResult<T>>;
}

export interface CommandResult<T> {
	result: T;
	/** Audit rows; `action` defaults to the operation. */
	audit: Array<Omit<AuditEntryInput, 'action'> & { action?: string }>;
	/** Outbox events, sequenced in this transaction and published after it commits. */
	events: Array<Unsequenced<LiveEvent>>;
	/** Control messages (access revoked…), published after the commit, never on a replay. */
	control?: ControlMessage[];
}

export type Command = <T>(spec: CommandSpec<T>) => Promise<T>;

/**
 * The permission check alone, for a service that must refuse a stranger before it reads the body
 * (a 403 must not depend on, or reveal, whether the body was valid). `command()` checks again.
 */
export function authorize(actor: Principal, action: Action, ward?: string | null): void {
	if (!can(actor, action, ward)) throw new ForbiddenError(action);
}

export function createCommand(deps: { db: Db; bus: EventBus; inflight: Inflight }): Command {
	const { db, bus, inflight } = deps;
	return async function command<T>(spec: CommandSpec<T>): Promise<T> {
		const { actor, action, ward, operation } = spec;
		if (action) authorize(actor, action, ward);
		const key = parseIdempotencyKey(spec.key);
		const { outcome, replayed, events, control } = await inflight.run(() =>
			db.transaction(async (tx) => {
				const events: LiveEvent[] = [];
				const control: ControlMessage[] = [];
				const r = await once(tx, key, actor, operation, spec.request, async () => {
					const done = await spec.run(tx);
					for (const a of done.audit) await record(tx, actor, { ...a, action: a.action ?? operation });
					for (const e of done.events) events.push(await appendEvent(tx, e));
					control.push(...(done.control ?? []));
					return done.result;
				});
				return { ...r, events, control };
			})
		);
		if (!replayed) {
			for (const e of events) bus.publish(e);
			for (const c of control) bus.publishControl(c);
		}
		return outcome;
	};
}
