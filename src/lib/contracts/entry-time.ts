/**
 * The `enteredAt` field every tablet entry may carry (issue 11 §6): the shape here (the device
 * checks it before queueing), the window on arrival (the server, with its clock) — both through
 * the one rule in domain/entry-time.ts.
 */
import { z } from 'zod';
import { parseInstant, resolveEnteredAt } from '../domain/entry-time.ts';
import { fieldError, type ParseResult } from './errors.ts';

const ENTERED_AT_FIELD = 'enteredAt';

/** Optional in every entry body: absent = the time of arrival. Only the shape is checked here. */
export const enteredAtInput = z
	.string({ error: 'bad_time' })
	.max(40, { error: 'bad_time' })
	.refine((s) => parseInstant(s) !== null, { error: 'bad_time' })
	.optional();

/**
 * The instant an entry counts at, or the field error that refuses it: more than 5 minutes ahead of
 * `now` or more than 48 hours behind it. Services call it with their clock; nothing is saved on a
 * refusal.
 */
export function checkEnteredAt(raw: unknown, now: Date): ParseResult<Date> {
	const r = resolveEnteredAt(raw, now);
	return r.ok ? { ok: true, value: r.value } : { ok: false, errors: [fieldError(ENTERED_AT_FIELD, r.code)] };
}
