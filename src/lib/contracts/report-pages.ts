/**
 * What the report pages accept from a URL or a form: the report id, the date range of the list and
 * the history, the history's ward, and the correction form as the API body the service validates.
 * The pages parse here and hand valid values to the reports service; the service stays the judge
 * of a correction (the form only says what was typed).
 */
import { z } from 'zod';
import { calendarDay as day } from './input.ts';
import { CASE_COUNT_FIELDS, parseTypedCount } from '../domain/cases.ts';
import { recentRange } from '../presentation/report-format.ts';
import { fieldError, fieldErrorsFrom, type FieldError } from './errors.ts';
import type { Fields } from './forms.ts';

/** `/reports/<id>`: a positive whole number (the route's matcher already refused anything else). */
export const reportIdParam = z.coerce
	.number({ error: 'invalid' })
	.int({ error: 'invalid' })
	.positive({ error: 'invalid' })
	.max(2 ** 31 - 1, { error: 'invalid' });

const wardParam = z.string().max(60).optional();

export interface RangeQuery {
	from: string;
	to: string;
	ward: string | null;
	/** Why a part of the URL was ignored (the default stands in for it). */
	errors: FieldError[];
}

/**
 * `?from=yyyy-MM-dd&to=yyyy-MM-dd&ward=<code>` with the last `days` local days as the default.
 * A malformed date is named and replaced by the default rather than failing the page: the list is
 * what a duty officer opens at 05:58, it must always show something. Dates given the wrong way
 * round are swapped.
 */
export function parseRangeQuery(params: URLSearchParams, now: Date, days: number): RangeQuery {
	const raw = Object.fromEntries(['from', 'to', 'ward'].flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
	const fallback = recentRange(now, days);
	const errors: FieldError[] = [];
	const one = (k: 'from' | 'to') => {
		const r = day.safeParse(raw[k] ?? fallback[k]);
		if (r.success) return r.data;
		errors.push(...fieldErrorsFrom(r.error.issues.map((i) => ({ ...i, path: [k] }))));
		return fallback[k];
	};
	let from = one('from');
	let to = one('to');
	if (from > to) [from, to] = [to, from];
	const ward = wardParam.safeParse(raw.ward);
	return { from, to, ward: ward.success ? (ward.data ?? null) : null, errors };
}

/**
 * The correction form → `{ reason, wards: { <ward>: { <field>: n } } }`. An empty input means
 * "unchanged" and is left out; anything else typed is passed on (as a number when it reads as one)
 * for the service's schema to accept or refuse by name.
 */
export function correctionBody(f: Fields): { ward: string; body: { reason: string; wards: Record<string, Record<string, unknown>> } } {
	const ward = String(f.get('ward') ?? '');
	const figures: Record<string, unknown> = {};
	for (const k of CASE_COUNT_FIELDS) {
		const v = parseTypedCount(String(f.get(k) ?? ''));
		if (v !== undefined) figures[k] = v;
	}
	return { ward, body: { reason: String(f.get('reason') ?? ''), wards: ward ? { [ward]: figures } : {} } };
}

/**
 * What the form itself can tell before asking the service: a ward must be chosen and at least one
 * figure typed (the service's refusal of an empty correction would name no input of the form).
 */
export function correctionFormErrors(c: ReturnType<typeof correctionBody>): FieldError[] {
	if (!c.ward) return [fieldError('ward', 'required')];
	if (Object.keys(c.body.wards[c.ward] ?? {}).length === 0)
		return [fieldError('figures', 'required', 'nhập ít nhất một số cần sửa / enter at least one figure')];
	return [];
}
