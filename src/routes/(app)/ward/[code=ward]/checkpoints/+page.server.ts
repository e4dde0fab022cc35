import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { checkInBody, checkOutBody, shiftEndBody } from '$lib/contracts/forms';
import { actionFailure, principalOf, formRefused, readForm } from '$lib/server/http';
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

const t = (f: FormData, k: string) => String(f.get(k) ?? '');

// For browsers without JavaScript; with it, the page sends entries through the device's outbox.
export const actions: Actions = {
	checkIn: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.checkpoints.checkIn(
				principalOf(locals),
				t(f, 'checkpoint'),
				checkInBody(f),
				t(f, 'idempotencyKey') || null
			);
			return { saved: t(f, 'checkpoint') };
		} catch (err) {
			return actionFailure(err, { checkpoint: t(f, 'checkpoint'), values: checkInBody(f) });
		}
	},
	checkOut: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.checkpoints.checkOut(principalOf(locals), t(f, 'checkpoint'), checkOutBody(f), t(f, 'idempotencyKey') || null);
			return { saved: t(f, 'checkpoint') };
		} catch (err) {
			return actionFailure(err, { checkpoint: t(f, 'checkpoint') });
		}
	},
	/** A check-in left open from an ended shift: checked out at that shift's end. */
	closeShift: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.checkpoints.closeShift(principalOf(locals), t(f, 'checkpoint'), shiftEndBody(f), t(f, 'idempotencyKey') || null);
			return { saved: t(f, 'checkpoint') };
		} catch (err) {
			return actionFailure(err, { checkpoint: t(f, 'checkpoint') });
		}
	},
	/** A check-in left open from an ended shift whose person stays on: counted in the running shift. */
	carryOver: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.checkpoints.carryOver(principalOf(locals), t(f, 'checkpoint'), shiftEndBody(f), t(f, 'idempotencyKey') || null);
			return { saved: t(f, 'checkpoint') };
		} catch (err) {
			return actionFailure(err, { checkpoint: t(f, 'checkpoint') });
		}
	}
};
