/**
 * What crosses the boundary for blockaded areas (issue 13 §1): opening one, editing it, a testing
 * round, lifting it. The same schemas on the tablet (before an entry is queued) and on arrival.
 * The rules between fields (households ≤ people, round n ≤ m, the round's day) are the domain's
 * (domain/blockade.ts); here only shapes, and a refusal code → field error mapping.
 */
import { z } from 'zod';
import { parseInstant } from '../domain/entry-time.ts';
import { checkFigures, type BlockadeRefusal } from '../domain/blockade.ts';
import { zoneLevels, type ZoneSchemeName } from '../domain/zones.ts';
import { WARD_CODE_PATTERN } from './district.ts';
import { enteredAtInput } from './entry-time.ts';
import { fieldError, fieldErrorsFrom, parseWith, type FieldError, type ParseResult } from './errors.ts';
import { calendarDay, optionalText, storableText, countInput } from './input.ts';

/** Most rounds a plan may name: the directives speak of 2–3, a long blockade of a few more. */
const MAX_ROUNDS = 30;

const count = countInput();
const roundNumber = countInput(1, MAX_ROUNDS);
const name = z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(200, { error: 'too_long' });
const instant = z
	.string({ error: (iss) => (iss.input === undefined ? 'required' : 'bad_time') })
	.max(40, { error: 'bad_time' })
	.refine((s) => parseInstant(s) !== null, { error: 'bad_time' });
const zone = (scheme: ZoneSchemeName) =>
	z.enum(zoneLevels(scheme) as [string, ...string[]], { error: (iss) => (iss.input === undefined ? 'required' : 'unknown_zone') });
const wardCode = z.string({ error: 'required' }).regex(WARD_CODE_PATTERN, { error: 'unknown_ward' }).max(40, { error: 'unknown_ward' });
const strict = { error: (iss: { code: string }) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_body') };

const createSchema = (scheme: ZoneSchemeName) =>
	z.strictObject(
		{ wardCode, name, address: optionalText(300), zone: zone(scheme), startedAt: instant, people: count, households: count, enteredAt: enteredAtInput },
		strict
	);
const editSchema = (scheme: ZoneSchemeName) =>
	z
		.strictObject(
			{
				name: name.optional(),
				// Absent: unchanged; empty or null: cleared.
				address: optionalText(300).optional(),
				zone: zone(scheme).optional(),
				people: count.optional(),
				households: count.optional(),
				enteredAt: enteredAtInput
			},
			strict
		)
		// An edit must change something; the device's own `enteredAt` is not a change.
		.refine((v) => [v.name, v.address, v.zone, v.people, v.households].some((x) => x !== undefined), { error: 'nothing_to_change', path: [] });
const roundSchema = z.strictObject(
	{ round: roundNumber, of: roundNumber, date: calendarDay, samples: count, positives: count, enteredAt: enteredAtInput },
	strict
);
const liftSchema = z.strictObject({ reference: name.max(100, { error: 'too_long' }), note: optionalText(500), enteredAt: enteredAtInput }, strict);

const zoneDetail = (scheme: ZoneSchemeName) => (field: string, code: string) =>
	field === 'zone' && code === 'unknown_zone' ? zoneLevels(scheme).join(', ') : undefined;

function parseZoned<T>(
	schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof fieldErrorsFrom>[0] } } },
	scheme: ZoneSchemeName,
	body: unknown
): ParseResult<T> {
	const r = schema.safeParse(body);
	return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrorsFrom(r.error.issues, zoneDetail(scheme)) };
}

/** The shape, then the domain's rule between its figures (households ≤ people): the tablet says so before queueing. */
export function parseBlockadeCreate(body: unknown, scheme: ZoneSchemeName) {
	const r = parseZoned(createSchema(scheme), scheme, body);
	if (!r.ok) return r;
	const refused = checkFigures({ people: r.value.people, households: r.value.households }, new Date());
	return refused ? { ok: false as const, errors: [blockadeError(refused)] } : r;
}
/**
 * The shape of an edit; given the blockade's present figures (the tablet's, as it shows them), also
 * the figures as the edit leaves them, so households over people are named before queueing. The
 * service checks them again on the blockade as it is when the edit arrives.
 */
export function parseBlockadeEdit(body: unknown, scheme: ZoneSchemeName, current?: { people: number; households: number }) {
	const r = parseZoned(editSchema(scheme), scheme, body);
	if (!r.ok || !current) return r;
	const refused = checkFigures({ people: r.value.people ?? current.people, households: r.value.households ?? current.households }, new Date());
	return refused ? { ok: false as const, errors: [blockadeError(refused)] } : r;
}
export const parseTestRound = (body: unknown) => parseWith(roundSchema, body);
export const parseLift = (body: unknown) => parseWith(liftSchema, body);

/** A domain refusal as the field error every boundary shows. */
export function blockadeError(r: BlockadeRefusal): FieldError {
	return fieldError(r.field, r.code, r.code === 'round_out_of_order' ? String(r.expected) : undefined);
}

/** `GET /api/blockades?ward=<code>&lifted=1`: one ward's, and the lifted ones too. */
export const blockadeQuery = z.object({
	ward: storableText(60).optional(),
	lifted: z
		.enum(['0', '1'], { error: 'invalid' })
		.optional()
		.transform((v) => v === '1')
});
