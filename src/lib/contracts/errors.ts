/**
 * The error shapes every boundary (JSON API, form actions, socket acks) answers with.
 * `code` is machine-readable and stable; `message` is Vietnamese, `messageEn` English.
 */
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
	| 'invalid';

export interface ApiErrorBody {
	error: 'validation' | 'not_found' | 'bad_request' | 'server_error';
	message: string;
	messageEn: string;
	errors?: FieldError[];
}
