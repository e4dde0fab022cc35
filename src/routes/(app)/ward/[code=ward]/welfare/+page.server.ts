import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { ENTRY_KINDS } from '$lib/entries';
import { formAction, principalOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { district, welfare } = locals.runtime.services;
	const ward = district.ward(params.code);
	if (!ward) error(404, { message: `Không có phường "${params.code}"`, messageEn: `Unknown ward "${params.code}"` });
	const me = principalOf(locals);
	// The history is the access check: another ward's person is refused here (403).
	const history = await welfare.history(me, ward.code, 20);
	const picture = await welfare.welfare(me);
	return {
		ward,
		canWrite: can(me, 'ward:write', ward.code),
		figures: picture.wards.find((w) => w.wardCode === ward.code) ?? null,
		history
	};
};

/** What was typed, given back with a refusal so the form keeps it. */
const typed = (f: FormData) => Object.fromEntries([...f].filter((e): e is [string, string] => typeof e[1] === 'string'));

// For browsers without JavaScript; with it, the page sends reports through the device's outbox.
export const actions: Actions = {
	default: formAction(({ services, actor, form, key, params }) => services.welfare.report(actor, params.code, ENTRY_KINDS['welfare-report'].body(form), key), {
		extra: (f) => ({ values: typed(f) }),
		answer: (r) => ({ saved: r.report.id })
	})
};
