/**
 * Shared load and action of the duty roster editors (issue 14 §1): the district's (/duty-roster,
 * any unit) and a ward commander's (/ward/<code>/duty). The action serves browsers without
 * JavaScript; with it, the plan goes through the device's outbox to PUT /api/duty-roster.
 */
import { error } from '@sveltejs/kit';
import { can } from '../domain/access.ts';
import { currentShift } from '../domain/checkpoint.ts';
import { DISTRICT_UNIT } from '../domain/duty.ts';
import { dayKey } from '../domain/time.ts';
import { ENTRY_KINDS } from '../entries.ts';
import { ForbiddenError, ValidationError } from './errors.ts';
import { formAction, principalOf } from './http.ts';

export async function loadDutyPage(locals: App.Locals, unit: string, date: string | null) {
	const me = principalOf(locals);
	const { duty, district, clock } = locals.runtime.services;
	const ward = unit === DISTRICT_UNIT ? null : unit;
	const now = clock();
	try {
		// Unless a day is asked: the running shift's day (at 03:00, yesterday's — its night shift runs).
		const day = await duty.get(me, { unit, date: date ?? currentShift(now).key.slice(0, 10) });
		return {
			day,
			canWrite: can(me, 'duty:write', ward),
			today: dayKey(now),
			running: currentShift(now).key,
			// The units this person may plan: what the district page's picker offers.
			units: [{ unit: DISTRICT_UNIT, name: district.view.name }, ...district.wards.map((w) => ({ unit: w.code, name: `Phường ${w.name}` }))].filter((u) =>
				can(me, 'duty:write', u.unit === DISTRICT_UNIT ? null : u.unit)
			)
		};
	} catch (err) {
		if (err instanceof ValidationError) error(404, { message: 'Không có đơn vị hoặc ngày này', messageEn: 'Unknown unit or day' });
		if (err instanceof ForbiddenError) error(403, { message: 'Bạn không có quyền xem lịch trực này', messageEn: 'You may not see this roster' });
		throw err;
	}
}

/**
 * `?/plan` for browsers without JavaScript: the same body the outbox sends, for the page's ward (a
 * ward's page plans that ward whatever the form says) or the form's unit (the district's page), and the form's day.
 */
export const planAction = formAction<{ code?: string }, unknown>(
	({ services, actor, form, key, params }) =>
		services.duty.plan(
			actor,
			{ unit: params.code ?? String(form.get('unit') ?? ''), date: String(form.get('date') ?? '') },
			ENTRY_KINDS['duty-roster'].body(form),
			key
		),
	{ name: () => 'plan', tag: 'duty', extra: (f) => ({ values: Object.fromEntries([...f].filter((e): e is [string, string] => typeof e[1] === 'string')) }) }
);
