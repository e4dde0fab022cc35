/**
 * What crosses the boundary for the duty roster (issue 14 §1): `PUT /api/duty-roster?unit=&date=`
 * with the day's shifts, and its query. The same schema on the tablet (before the entry is queued)
 * and on arrival; errors name the field (`shifts.1.leader.phone`). The rules between the plan and
 * the clock (past days, ended shifts) are the domain's (domain/duty.ts).
 */
import { z } from 'zod';
import { DISTRICT_UNIT, DUTY_NAME_MAX, DUTY_PHONE_MAX, MAX_OFFICERS, PHONE_PATTERN, SHIFT_NUMBERS, type DutyRefusal } from '../domain/duty.ts';
import { WARD_CODE_PATTERN, WARD_CODE_MAX } from './district.ts';
import { enteredAtInput } from './entry-time.ts';
import { fieldError, parseWith, type FieldError } from './errors.ts';
import { calendarDay, isStorableText } from './input.ts';

const strict = { error: (iss: { code: string }) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_body') };

const personName = z
	.string({ error: 'required' })
	.trim()
	.min(1, { error: 'required' })
	.max(DUTY_NAME_MAX, { error: 'too_long' })
	.refine(isStorableText, { error: 'bad_text' });
const phone = z
	.string({ error: 'required' })
	.trim()
	.min(1, { error: 'required' })
	.max(DUTY_PHONE_MAX, { error: 'too_long' })
	.regex(PHONE_PATTERN, { error: 'bad_phone' });
const person = z.strictObject({ name: personName, phone }, strict);

const shiftEntry = z.strictObject(
	{
		shift: z
			.number({ error: (iss) => (iss.input === undefined ? 'required' : 'unknown_shift') })
			.int({ error: 'unknown_shift' })
			.refine((n) => SHIFT_NUMBERS.includes(n), { error: 'unknown_shift' }),
		// Null (or absent): no duty leader named yet — the wall says so.
		leader: person.nullish().transform((v) => v ?? null),
		officers: z
			.array(person, { error: 'invalid' })
			.max(MAX_OFFICERS, { error: 'too_many' })
			.optional()
			.transform((v) => v ?? [])
	},
	strict
);

const rosterSchema = z
	.strictObject(
		{
			shifts: z.array(shiftEntry, { error: (iss) => (iss.input === undefined ? 'required' : 'invalid') }).max(SHIFT_NUMBERS.length, { error: 'too_many' }),
			enteredAt: enteredAtInput
		},
		strict
	)
	.superRefine((v, ctx) => {
		const seen = new Set<number>();
		v.shifts.forEach((s, i) => {
			if (seen.has(s.shift)) ctx.addIssue({ code: 'custom', path: ['shifts', i, 'shift'], message: 'duplicate_shift' });
			seen.add(s.shift);
		});
	});

/** The body of `PUT /api/duty-roster`: `{ shifts: [{ shift, leader: {name, phone} | null, officers: [...] }] }`. */
export const parseDutyRoster = (body: unknown) => parseWith(rosterSchema, body);

/** `district` or a ward code (looked up by the service). */
const unit = z
	.string({ error: 'required' })
	.max(WARD_CODE_MAX, { error: 'unknown_unit' })
	.refine((u) => u === DISTRICT_UNIT || WARD_CODE_PATTERN.test(u), { error: 'unknown_unit' });

/** `?unit=district|<ward>&date=yyyy-MM-dd` of the PUT (both required). */
export const dutyTarget = z.object({ unit, date: calendarDay });
/** `?unit=&date=` of the GET: the date defaults to today. */
export const dutyQuery = z.object({ unit, date: calendarDay.optional() });

/** A domain refusal as the field error every boundary shows. */
export function dutyError(r: DutyRefusal): FieldError {
	return fieldError(r.field, r.code, r.code === 'shift_ended' ? `ca ${r.shift} / shift ${r.shift}` : undefined);
}

/**
 * The district's demo roster (`<district>.duty.json` next to the district file): per unit, the
 * people who take turns leading a shift and standing it. Laid out ahead of time on unit-days no one
 * has planned, so a fresh install opens with a roster, not fifteen "no duty leader" alarms.
 */
export const dutyFile = z.object({
	demo: z.boolean().default(false),
	units: z.array(
		z.strictObject({
			unit,
			leaders: z.array(person).min(1).max(20),
			officers: z.array(person).max(40).default([])
		})
	)
});
export type DutyFile = z.infer<typeof dutyFile>;
