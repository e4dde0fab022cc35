import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { ENTRY_KINDS } from '$lib/entries';
import { formAction, principalOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const ward = locals.runtime.services.district.ward(params.code);
	if (!ward) error(404, { message: 'Không tìm thấy phường', messageEn: 'Unknown ward' });
	const me = principalOf(locals);
	return {
		ward,
		canWrite: can(me, 'ward:write', ward.code),
		checkpoints: await locals.runtime.services.checkpoints.list(me, ward.code)
	};
};

const checkpoint = (f: FormData) => String(f.get('checkpoint') ?? '');
const { 'checkpoint-check-in': checkIn, 'checkpoint-check-out': checkOut, 'checkpoint-close': close, 'checkpoint-carry-over': carryOver } = ENTRY_KINDS;

// For browsers without JavaScript; with it, the page sends entries through the device's outbox.
export const actions: Actions = {
	checkIn: formAction(({ services, actor, form, key }) => services.checkpoints.checkIn(actor, checkpoint(form), checkIn.body(form), key), {
		name: checkpoint,
		tag: 'checkpoint',
		extra: (f) => ({ values: checkIn.body(f) })
	}),
	checkOut: formAction(({ services, actor, form, key }) => services.checkpoints.checkOut(actor, checkpoint(form), checkOut.body(form), key), {
		name: checkpoint,
		tag: 'checkpoint'
	}),
	/** A check-in left open from an ended shift: checked out at that shift's end. */
	closeShift: formAction(({ services, actor, form, key }) => services.checkpoints.closeShift(actor, checkpoint(form), close.body(form), key), {
		name: checkpoint,
		tag: 'checkpoint'
	}),
	/** A check-in left open from an ended shift whose person stays on: counted in the running shift. */
	carryOver: formAction(({ services, actor, form, key }) => services.checkpoints.carryOver(actor, checkpoint(form), carryOver.body(form), key), {
		name: checkpoint,
		tag: 'checkpoint'
	})
};
