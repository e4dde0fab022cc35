/**
 * What goes into a CSV cell. A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and,
 * after a TAB, CR or LF, some do too) as a formula: a name such as `=HYPERLINK("http://evil",…)`
 * typed on a tablet would run on the desk of whoever opens the export (CSV injection, OWASP).
 *
 * The rule (OWASP's): such a text cell gets a leading single quote, which spreadsheets show as
 * text. Two exceptions, because the exports are for computing with: a number stays a number
 * (`-2`, a negative change, is data, not a formula), and so does a text cell that is exactly a
 * plain decimal number (`-2`, `+3.5`) — neither can call anything.
 */

const FORMULA_START = /^[=+\-@\t\r\n]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** A text cell as it may be written to a CSV: a would-be formula is prefixed with `'`. */
export function neutralizeCsvText(text: string): string {
	return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The audit log's CSV columns, in order, with their Vietnamese headers (also the page's table). */
export const AUDIT_COLUMNS = [
	{ key: 'id', vi: 'Mã bản ghi' },
	{ key: 'atUtc', vi: 'Thời điểm (UTC)' },
	{ key: 'at', vi: 'Thời điểm' },
	{ key: 'actorKind', vi: 'Loại người thực hiện' },
	{ key: 'actorName', vi: 'Người thực hiện' },
	{ key: 'action', vi: 'Hành động' },
	{ key: 'entity', vi: 'Đối tượng' },
	{ key: 'entityId', vi: 'Mã đối tượng' },
	{ key: 'ward', vi: 'Phường' },
	{ key: 'before', vi: 'Trước' },
	{ key: 'after', vi: 'Sau' }
] as const;

export type AuditColumn = (typeof AUDIT_COLUMNS)[number]['key'];

/** The header of one audit column. */
export function auditColumnLabel(key: AuditColumn): string {
	return AUDIT_COLUMNS.find((c) => c.key === key)!.vi;
}
