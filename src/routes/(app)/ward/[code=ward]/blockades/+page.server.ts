import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { ENTRY_KINDS } from '$lib/entries';
import { isDatabaseId } from '$lib/contracts/input';
import { formAction, principalOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { district, blockades } = locals.runtime.services;
	const ward = district.ward(params.code);
	if (!ward) error(404, { message: 'Không tìm thấy phường', messageEn: 'Unknown ward' });
	const me = principalOf(locals);
	return {
		ward,
		canWrite: can(me, 'ward:write', ward.code),
		zoneScheme: district.view.zoneScheme,
		zoneLevels: [...district.view.zoneLevels],
		blockades: await blockades.list(me, { ward: ward.code, includeLifted: true })
	};
};

/** The blockade a form is about; anything but a database id is 0, which the service does not find (404). */
const blockade = (f: FormData) => {
	const v = String(f.get('blockade') ?? '');
	return isDatabaseId(v) ? Number(v) : 0;
};
const { 'blockade-open': open, 'blockade-edit': edit, 'blockade-round': round, 'blockade-lift': lift } = ENTRY_KINDS;

// For browsers without JavaScript; with it, the page sends entries through the device's outbox.
export const actions: Actions = {
	open: formAction(({ services, actor, form, key }) => services.blockades.open(actor, open.body(form), key), {
		name: () => 'open',
		tag: 'blockade',
		extra: (f) => ({ values: open.body(f) })
	}),
	// Only the fields that differ from the hidden `was.<field>` values the page showed are changed.
	edit: formAction(({ services, actor, form, key }) => services.blockades.edit(actor, blockade(form), edit.body(form), key), {
		name: (f) => `edit:${String(f.get('blockade') ?? '')}`,
		tag: 'blockade',
		extra: (f) => ({ values: edit.body(f) })
	}),
	round: formAction(({ services, actor, form, key }) => services.blockades.recordRound(actor, blockade(form), round.body(form), key), {
		name: (f) => String(f.get('blockade') ?? ''),
		tag: 'blockade',
		extra: (f) => ({ values: round.body(f) })
	}),
	lift: formAction(({ services, actor, form, key }) => services.blockades.lift(actor, blockade(form), lift.body(form), key), {
		name: (f) => String(f.get('blockade') ?? ''),
		tag: 'blockade'
	})
};
