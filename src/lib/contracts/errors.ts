/**
 * The error shapes every boundary (JSON API, form actions, socket acks) answers with.
 * `code` is machine-readable and stable; `message` is Vietnamese, `messageEn` English — the words
 * of each code are i18n/errors' FIELD_ERROR_MESSAGES.
 */
import { FIELD_ERROR_MESSAGES as MESSAGES } from '../i18n/errors.ts';

export interface FieldError {
	/** The input field at fault, by its public name (e.g. "positives"); "" for the body itself. */
	field: string;
	code: FieldErrorCode;
	message: string;
	messageEn: string;
}

export type FieldErrorCode =
	| 'required'
	| 'not_number'
	| 'not_integer'
	| 'negative'
	| 'too_large'
	| 'unknown_zone'
	| 'positives_exceed_samples'
	| 'too_long'
	| 'unknown_field'
	| 'invalid_body'
	| 'invalid'
	| 'username_taken'
	| 'bad_username'
	| 'password_too_short'
	| 'password_all_digits'
	| 'password_contains_username'
	| 'password_common'
	| 'passwords_differ'
	| 'ward_required'
	| 'unknown_ward'
	| 'unknown_role'
	| 'unknown_view'
	| 'seconds_out_of_range'
	| 'bad_slug'
	| 'slug_taken'
	| 'unknown_layout'
	| 'layout_in_use'
	| 'over_capacity'
	| 'below_zero'
	| 'capacity_below_occupied'
	| 'not_receiving'
	| 'not_positive'
	| 'not_enough_stock'
	| 'unknown_item'
	| 'unknown_warehouse'
	| 'same_warehouse'
	| 'bad_person_key'
	| 'already_on_duty'
	| 'already_checked_out'
	| 'bad_board_id'
	| 'board_id_taken'
	| 'unknown_card'
	| 'unknown_column'
	| 'bad_text'
	| 'too_deep'
	| 'repeated'
	| 'bad_day'
	| 'limit_out_of_range'
	| 'balance_too_large'
	| 'bad_time'
	| 'entered_in_future'
	| 'entered_too_old'
	| 'same_status'
	| 'transition_not_allowed'
	| 'acceptance_required'
	| 'decision_required'
	| 'district_role_required'
	| 'facility_not_empty'
	| 'bad_code'
	| 'code_taken'
	| 'retired'
	| 'warehouse_not_empty'
	| 'item_in_stock'
	| 'checkpoint_staffed'
	| 'nothing_to_change'
	| 'police_required'
	| 'shift_not_ended'
	| 'blockade_lifted'
	| 'households_exceed_people'
	| 'round_exceeds_plan'
	| 'round_out_of_order'
	| 'round_before_start'
	| 'round_in_future'
	| 'started_in_future'
	| 'not_blockade_checkpoint'
	| 'unknown_blockade'
	| 'blockade_other_ward'
	| 'blockade_already_lifted'
	| 'nothing_reported'
	| 'households_only'
	| 'unknown_board'
	| 'unknown_conclusion'
	| 'subject_required'
	| 'card_archived'
	| 'card_not_in_review'
	| 'bad_phone'
	| 'unknown_shift'
	| 'duplicate_shift'
	| 'too_many'
	| 'unknown_unit'
	| 'date_in_past'
	| 'date_too_far'
	| 'shift_ended';

export interface ApiErrorBody {
	error:
		| 'validation'
		| 'not_found'
		| 'bad_request'
		| 'server_error'
		| 'forbidden'
		| 'unauthorized'
		| 'too_many_requests'
		| 'idempotency_key_reused'
		| 'rule_refused';
	/** For `rule_refused`: the rule that refused it (also the first error's code). */
	code?: FieldErrorCode;
	message: string;
	messageEn: string;
	errors?: FieldError[];
}

function isFieldErrorCode(code: string): code is FieldErrorCode {
	return code in MESSAGES;
}

export function fieldError(field: string, code: FieldErrorCode, detail?: string): FieldError {
	const [vi, en] = MESSAGES[code];
	return {
		field,
		code,
		message: detail ? `${vi}: ${detail}` : vi,
		messageEn: detail ? `${en}: ${detail}` : en
	};
}

/**
 * zod issues → FieldErrors, one per field. Schemas put a FieldErrorCode in each issue's message
 * (`{ error: 'negative' }`); anything else becomes `invalid`.
 */
export function fieldErrorsFrom(
	issues: ReadonlyArray<{ code: string; message: string; path: ReadonlyArray<PropertyKey>; keys?: string[] }>,
	detail: (field: string, code: FieldErrorCode) => string | undefined = () => undefined
): FieldError[] {
	const errors: FieldError[] = [];
	for (const issue of issues) {
		if (issue.code === 'unrecognized_keys') {
			// Nested objects name the whole path (`acceptance.zzz`), so the form can point at it.
			for (const key of issue.keys ?? []) errors.push(fieldError([...issue.path.map(String), key].join('.'), 'unknown_field'));
			continue;
		}
		const code: FieldErrorCode = isFieldErrorCode(issue.message) ? issue.message : 'invalid';
		const field = issue.path.map(String).join('.');
		if (errors.some((e) => e.field === field)) continue;
		errors.push(fieldError(field, code, detail(field, code)));
	}
	return errors;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** What a zod schema's safeParse answers; structural, so this module needs no zod import. */
type SafeParser<T> = {
	safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof fieldErrorsFrom>[0] } };
};

/**
 * Parses an untrusted body with one of the shared schemas. The device runs it before queueing an
 * entry and the service runs it again on arrival: the same verdict, with the same messages, on both.
 */
export function parseWith<T>(schema: SafeParser<T>, body: unknown): ParseResult<T> {
	const r = schema.safeParse(body);
	return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrorsFrom(r.error.issues) };
}
