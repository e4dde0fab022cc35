/**
 * Situation reports (báo cáo tình hình) to the city at 06:00, 12:00 and 18:00: what a report
 * holds, and the validation of the two things people send about one — a correction and "sent".
 * Shared by the server (generation, API), the pages and the tests.
 */
import { z } from 'zod';
import { CASE_COUNT_FIELDS, type CaseCountField } from '../domain/cases.ts';
import { fieldError, fieldErrorsFrom, type FieldError } from './errors.ts';
import type { CorrectionRefusal } from '../domain/report.ts';
import { countInput, dayRangeQuery } from './input.ts';

export type * from '../domain/report-content.ts';
import type { Correction } from '../domain/report-content.ts';

const REASON_MAX = 500;

const count = countInput();

const caseFields = Object.fromEntries(CASE_COUNT_FIELDS.map((f) => [f, count.optional()])) as Record<CaseCountField, z.ZodOptional<typeof count>>;

/**
 * A correction: why, and the corrected case figures of some wards
 * (`{ reason, wards: { "kim-ma": { "f0Active": 12 } } }`). Figures not named stay as they were.
 */
const correctionSchema = z.strictObject(
	{
		reason: z
			.string({ error: (iss) => (iss.input === undefined ? 'required' : 'invalid') })
			.trim()
			.min(1, { error: 'required' })
			.max(REASON_MAX, { error: 'too_long' }),
		wards: z.record(z.string(), z.strictObject(caseFields, { error: (iss) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid') }), {
			error: 'invalid'
		})
	},
	{ error: (iss) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_body') }
);

/** A refused correction in the words every boundary shows. */
export function correctionErrors(refusals: ReadonlyArray<CorrectionRefusal>): FieldError[] {
	const why = {
		no_report: 'phường chưa có báo cáo tại thời điểm này / no report at that time',
		nothing_changes: 'không có số liệu nào thay đổi / nothing changes'
	};
	return refusals.map((r) => fieldError(r.field, r.code, r.reason ? why[r.reason] : undefined));
}

/** The schema's output must be the domain's Correction: returning it as one is the compile-time check. */
export function parseCorrection(body: unknown): { ok: true; value: Correction } | { ok: false; errors: FieldError[] } {
	const r = correctionSchema.safeParse(body);
	return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrorsFrom(r.error.issues) };
}

/** `GET /api/reports?from=yyyy-MM-dd&to=yyyy-MM-dd` (local days, both included). */
export const reportFilterSchema = dayRangeQuery;
