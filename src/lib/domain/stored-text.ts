/**
 * Text read back from stored documents (task boards): whatever a client once wrote there, the
 * readers turn it into text that the screen, the reports and SQL can all hold. PostgreSQL `text`
 * cannot hold NUL at all (the insert fails, and with it a whole projection), a lone UTF-16
 * surrogate is not valid UTF-8, and a 200,000-character title would be copied into every row and
 * every live event. Cleaning never throws: it is the last line behind the server's input rules,
 * for data written before they existed.
 */

/** Ids, positions and timestamps in a document are short by construction (UUIDs, fractional keys, ISO instants); a longer one is not ours. */
export const KEY_MAX = 128;

/** C0 control characters except TAB, LF and CR (they carry meaning in a description). */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `v` as text of at most `max` UTF-16 code units (the unit the input schemas count), without
 * control characters, lone surrogates replaced by U+FFFD; `fallback` when `v` is not a string.
 */
export function cleanText(v: unknown, max: number, fallback = ''): string {
	if (typeof v !== 'string') return fallback;
	// Cut first (with room for what is removed below), so a huge value costs no more than a small one.
	let s = v.length > max * 2 + 16 ? v.slice(0, max * 2 + 16) : v;
	s = s.replace(CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');
	if (s.length > max) {
		s = s.slice(0, max);
		// Never end on half of a pair.
		if (/[\uD800-\uDBFF]$/.test(s)) s = s.slice(0, -1);
	}
	return s;
}

/** Like {@link cleanText}, but null for a non-string or for text that is empty once cleaned. */
export function cleanTextOrNull(v: unknown, max: number): string | null {
	const s = cleanText(v, max);
	return s === '' ? null : s;
}
