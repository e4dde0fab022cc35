/**
 * Validation of a case report at every boundary (form action, JSON API, simulator).
 * zod is the project's one validation library; this module turns its issues into FieldErrors
 * with Vietnamese and English messages.
 */
import { z } from 'zod';
import {
	CASE_COUNT_FIELDS,
	MAX_COUNT,
	caseReportRuleErrors,
	type CaseCounts
} from '../domain/cases.ts';
import { zoneLevels, type ZoneSchemeName } from '../domain/zones.ts';
import type { FieldError, FieldErrorCode } from './errors.ts';

export const NOTE_MAX = 500;
export const REPORTER_MAX = 100;

const MESSAGES: Record<FieldErrorCode, [vi: string, en: string]> = {
	required: ['Bắt buộc nhập', 'Required'],
	not_number: ['Phải là một số', 'Must be a number'],
	not_integer: ['Phải là số nguyên', 'Must be a whole number'],
	negative: ['Không được là số âm', 'Must not be negative'],
	too_large: [`Quá lớn (tối đa ${MAX_COUNT.toLocaleString('vi-VN')})`, `Too large (at most ${MAX_COUNT})`],
	unknown_zone: ['Cấp độ vùng không hợp lệ', 'Unknown zone level'],
	positives_exceed_samples: [
		'Số mẫu dương tính không được lớn hơn số mẫu xét nghiệm',
		'Positives cannot exceed samples tested'
	],
	too_long: ['Quá dài', 'Too long'],
	unknown_field: ['Trường không được hỗ trợ', 'Unknown field'],
	invalid_body: ['Nội dung phải là một đối tượng JSON', 'The body must be a JSON object'],
	invalid: ['Giá trị không hợp lệ', 'Invalid value']
};

export function fieldError(field: string, code: FieldErrorCode, detail?: string): FieldError {
	const [vi, en] = MESSAGES[code];
	return {
		field,
		code,
		message: detail ? `${vi}: ${detail}` : vi,
		messageEn: detail ? `${en}: ${detail}` : en
	};
}

const count = z
	.number({ error: (iss) => (iss.input === undefined ? 'required' : 'not_number') })
	.int({ error: 'not_integer' })
	.min(0, { error: 'negative' })
	.max(MAX_COUNT, { error: 'too_large' });

function caseReportSchema(scheme: ZoneSchemeName) {
	const levels = zoneLevels(scheme) as [string, ...string[]];
	const counts = Object.fromEntries(CASE_COUNT_FIELDS.map((f) => [f, count])) as Record<
		(typeof CASE_COUNT_FIELDS)[number],
		typeof count
	>;
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
			reporter: z
				.string({ error: 'invalid' })
				.trim()
				.max(REPORTER_MAX, { error: 'too_long' })
				.optional()
		},
		{ error: (iss) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_body') }
	);
}

export interface CaseReportInput extends CaseCounts {
	zone: string;
	note: string | null;
	reporter?: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Parses an untrusted report body. Refusals list every field at fault, each once. */
export function parseCaseReport(body: unknown, scheme: ZoneSchemeName): ParseResult<CaseReportInput> {
	const result = caseReportSchema(scheme).safeParse(body);
	if (!result.success) {
		const errors: FieldError[] = [];
		for (const issue of result.error.issues) {
			const code = (issue.message in MESSAGES ? issue.message : 'invalid') as FieldErrorCode;
			if (issue.code === 'unrecognized_keys') {
				for (const key of issue.keys) errors.push(fieldError(key, 'unknown_field'));
				continue;
			}
			const field = issue.path.map(String).join('.');
			if (errors.some((e) => e.field === field)) continue;
			errors.push(fieldError(field, code, code === 'unknown_zone' ? zoneLevels(scheme).join(', ') : undefined));
		}
		return { ok: false, errors };
	}
	const rules = caseReportRuleErrors(result.data);
	if (rules.length > 0) {
		return { ok: false, errors: rules.map((r) => fieldError(r.field, r.code)) };
	}
	return { ok: true, value: result.data };
}
