import { error } from '@sveltejs/kit';
import { CASE_COUNT_FIELDS, DAY_FIELDS, isFromToday } from '$lib/domain/cases';
import { ENTRY_KINDS } from '$lib/entries';
import { formAction, principalOf } from '$lib/server/http';
import { can } from '$lib/domain/access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { district, cases, duty } = locals.runtime.services;
	const ward = district.ward(params.code);
	if (!ward) error(404, { message: `Không có phường "${params.code}"`, messageEn: `Unknown ward "${params.code}"` });
	const me = principalOf(locals);
	const history = await cases.history(me, ward.code, 10);
	const latest = history[0] ?? null;
	// Pre-fill what is still true: state figures always, day figures only from today's report.
	const prefill: Record<string, string> = {};
	if (latest) {
		const today = isFromToday(latest, new Date());
		for (const f of CASE_COUNT_FIELDS) {
			if (today || !DAY_FIELDS.includes(f)) prefill[f] = String(latest[f]);
		}
		prefill.zone = latest.zone;
	}
	const onDuty = (await duty.get(me, { unit: ward.code })).now;
	return { ward, district: district.view, history, prefill, canWrite: can(me, 'ward:write', ward.code), onDuty };
};

/** What was typed, given back with a refusal so the form keeps it. */
const typed = (f: FormData) => Object.fromEntries([...f].filter((e): e is [string, string] => typeof e[1] === 'string'));

// For browsers without JavaScript; with it, the page sends reports through the device's outbox.
// The key is made by the page when it renders: a double tap or a resent form is saved once.
export const actions: Actions = {
	default: formAction(
		({ services, actor, form, key, params }) => services.cases.report(actor, params.code, ENTRY_KINDS['case-report'].body(form), 'form', key),
		{
			extra: (f) => ({ values: typed(f) }),
			answer: (report) => ({ saved: report })
		}
	)
};
