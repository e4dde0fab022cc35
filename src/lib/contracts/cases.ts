/**
 * Validation of a case report at every boundary (form action, JSON API, simulator).
 * zod is the project's one validation library; this module turns its issues into FieldErrors
 * with Vietnamese and English messages.
 */
import { z } from 'zod';
import { countInput } from './input.ts';
import { CASE_COUNT_FIELDS, caseReportRuleErrors, type CaseCounts } from '../domain/cases.ts';
import { zoneLevels, type ZoneSchemeName } from '../domain/zones.ts';
import { enteredAtInput } from './entry-time.ts';
import { fieldErrorsFrom, fieldError, type ParseResult } from './errors.ts';

export type { ParseResult } from './errors.ts';

const NOTE_MAX = 500;
const REPORTER_MAX = 100;

const count = countInput();

function caseReportSchema(scheme: ZoneSchemeName) {
	const levels = zoneLevels(scheme) as [string, ...string[]];
	const counts = Object.fromEntries(CASE_COUNT_FIELDS.map((f) => [f, count])) as Record<(typeof CASE_COUNT_FIELDS)[number], typeof count>;
	return z.strictObject(
		{
			...counts,
			zone: z.enum(levels, {
				error: (iss) => (iss.input === undefined ? 'required' : 'unknown_zone')
			}),
			note: z
				.string({ error: 'invalid' })
				.trim()
				.max(NOTE_MAX, { error: 'too_long' })
				.nullish()
				.transform((v) => (v ? v : null)),
			/** Who is reporting, until accounts identify them (issue: accounts and roles). */
			reporter: z.string({ error: 'invalid' }).trim().max(REPORTER_MAX, { error: 'too_long' }).optional(),
			/** When the person pressed save on the device (issue 11 §6); absent = on arrival. */
			enteredAt: enteredAtInput
		},
		{ error: (iss) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_body') }
	);
}

export interface CaseReportInput extends CaseCounts {
	zone: string;
	note: string | null;
	reporter?: string;
	enteredAt?: string;
}

function ruleErrorsOfValidFields(body: unknown) {
	if (typeof body !== 'object' || body === null) return [];
	const b = body as Record<string, unknown>;
	const samplesTested = count.safeParse(b.samplesTested);
	const positives = count.safeParse(b.positives);
	if (!samplesTested.success || !positives.success) return [];
	return caseReportRuleErrors({ samplesTested: samplesTested.data, positives: positives.data });
}

/** Parses an untrusted report body. Refusals list every field at fault, each once. */
export function parseCaseReport(body: unknown, scheme: ZoneSchemeName): ParseResult<CaseReportInput> {
	const result = caseReportSchema(scheme).safeParse(body);
	if (!result.success) {
		const levels = zoneLevels(scheme).join(', ');
		const errors = fieldErrorsFrom(result.error.issues, (_f, code) => (code === 'unknown_zone' ? levels : undefined));
		// Rules between fields still apply to fields valid on their own, so one refusal names every
		// fault: a tablet user should not have to fix the form twice.
		const rules = ruleErrorsOfValidFields(body).filter((r) => !errors.some((e) => e.field === r.field));
		return { ok: false, errors: [...errors, ...rules.map((r) => fieldError(r.field, r.code))] };
	}
	const rules = caseReportRuleErrors(result.data);
	if (rules.length > 0) {
		return { ok: false, errors: rules.map((r) => fieldError(r.field, r.code)) };
	}
	return { ok: true, value: result.data };
}
