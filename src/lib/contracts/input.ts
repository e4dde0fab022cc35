/**
 * Rules every untrusted input passes, whatever the route: the text a database can hold, how deep a
 * body may nest, what a query string may repeat, and the shared shapes of query parameters (a
 * calendar day, a page size). The HTTP helpers (src/lib/server/http.ts: readJsonBody, readForm,
 * readQuery) apply the first three to every JSON body, form and query string, so a new route cannot
 * forget them; the schemas below are what routes parse their parameters with.
 */
import { z } from 'zod';
import { MAX_COUNT } from '../domain/cases.ts';
import { fieldError, type FieldError } from './errors.ts';

/**
 * A count of people, beds, samples, goods: a whole number from `min` (0 → `negative` below it, else
 * `not_positive`) to `max` (`too_large`); absent is `required`, anything not a number `not_number`.
 * One shape for every figure a tablet or a system sends, so each refusal reads the same.
 */
export const countInput = (min = 0, max = MAX_COUNT) =>
	z
		.number({ error: (iss) => (iss.input === undefined ? 'required' : 'not_number') })
		.int({ error: 'not_integer' })
		.min(min, { error: min > 0 ? 'not_positive' : 'negative' })
		.max(max, { error: 'too_large' });

/** Database ids (reports, blockades) in a URL or a form: 1–10 digits, no leading zero. */
export function isDatabaseId(s: string): boolean {
	return /^[1-9]\d{0,9}$/.test(s);
}

/** The largest database id a body may name: what isDatabaseId lets through in a URL. */
export const MAX_DATABASE_ID = 9_999_999_999;

/** Deeper than any body the API takes (a wall layout is 3 levels): refused before any schema runs. */
export const MAX_JSON_DEPTH = 32;

/**
 * A string PostgreSQL `text` can store and every client can show: no NUL (PostgreSQL refuses it,
 * a 500 before this check) and no lone UTF-16 surrogate (not encodable as UTF-8).
 */
export function isStorableText(s: string): boolean {
	return !s.includes('\u0000') && s.isWellFormed();
}

const pathOf = (path: ReadonlyArray<string | number>) => path.join('.');

/**
 * The first string (value or object key) in a parsed JSON value or form that cannot be stored,
 * named by its path ("items.2.note"), or a value nested deeper than MAX_JSON_DEPTH. Iterative, so a
 * hostile nesting cannot overflow the stack.
 */
export function badInputIn(value: unknown, maxDepth = MAX_JSON_DEPTH): FieldError | null {
	const stack: Array<{ v: unknown; path: Array<string | number> }> = [{ v: value, path: [] }];
	while (stack.length > 0) {
		const { v, path } = stack.pop()!;
		if (typeof v === 'string') {
			if (!isStorableText(v)) return fieldError(pathOf(path), 'bad_text');
			continue;
		}
		if (v === null || typeof v !== 'object') continue;
		if (path.length >= maxDepth) return fieldError(pathOf(path), 'too_deep');
		if (Array.isArray(v)) {
			v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
			continue;
		}
		for (const [k, x] of Object.entries(v)) {
			if (!isStorableText(k)) return fieldError(pathOf(path), 'bad_text', 'tên trường / field name');
			stack.push({ v: x, path: [...path, k] });
		}
	}
	return null;
}

/**
 * Form fields or query parameters: text that cannot be stored, or a field given twice that is not
 * a list (`repeatable`, e.g. a group of checkboxes) — which copy would count is a guess.
 */
export function badFieldsIn(entries: Iterable<[string, unknown]>, repeatable: readonly string[] = []): FieldError | null {
	const seen = new Set<string>();
	for (const [k, v] of entries) {
		if (!isStorableText(k)) return fieldError('', 'bad_text', 'tên trường / field name');
		if (typeof v === 'string' && !isStorableText(v)) return fieldError(k, 'bad_text');
		if (seen.has(k) && !repeatable.includes(k)) return fieldError(k, 'repeated');
		seen.add(k);
	}
	return null;
}

/** Free text from a query string or a filter: only what the database can hold (else refused as `bad_text`). */
/** Optional free text of a body: trimmed, at most `max`; empty or absent is `null` (never ""). */
export const optionalText = (max: number) =>
	z
		.string({ error: 'invalid' })
		.trim()
		.max(max, { error: 'too_long' })
		.nullish()
		.transform((v) => v || null);

export const storableText = (max: number) => z.string({ error: 'invalid' }).max(max, { error: 'too_long' }).refine(isStorableText, { error: 'bad_text' });

/** A real calendar day `yyyy-MM-dd`, years 0001–9999: not 2021-13-01, 2021-02-30 or 2021-1-1. */
export function isCalendarDay(s: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
	const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
	const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
	return d <= days;
}

/** `yyyy-MM-dd`, checked against the calendar. */
export const calendarDay = z.string({ error: 'invalid' }).refine(isCalendarDay, { error: 'bad_day' });

/** The longest page a list answers (the message of `limit_out_of_range` says it). */
const MAX_LIMIT = 500;

/** `?limit=`: absent means `fallback`; otherwise a whole number 1..MAX_LIMIT, never rounded or clamped in silence. */
const limitParam = (fallback: number) =>
	z
		.string()
		.optional()
		.transform((v, ctx) => {
			if (v === undefined || v === '') return fallback;
			if (!/^\d{1,6}$/.test(v)) {
				ctx.addIssue({ code: 'custom', message: /^-/.test(v) ? 'negative' : 'not_integer' });
				return z.NEVER;
			}
			const n = Number(v);
			if (n < 1 || n > MAX_LIMIT) {
				ctx.addIssue({ code: 'custom', message: 'limit_out_of_range' });
				return z.NEVER;
			}
			return n;
		});

/** `?from=yyyy-MM-dd&to=yyyy-MM-dd`: local days, both included, either optional (the reports list, a zone history). */
export const dayRangeQuery = z.object({ from: calendarDay.optional(), to: calendarDay.optional() });

/** `?limit=` of the history lists (50 lines unless asked). */
export const limitQuery = z.object({ limit: limitParam(50) });

/** `?ward=<code>` of the lists a reader may narrow to one ward (a code the service then looks up). */
export const wardQuery = z.object({ ward: storableText(60).optional() });
