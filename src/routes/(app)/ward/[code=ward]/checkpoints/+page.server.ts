import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { currentShift } from '$lib/domain/checkpoint';
import { actionFailure, principalOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const ward = locals.runtime.services.district.ward(params.code);
	if (!ward) error(404, { message: 'Không tìm thấy phường', messageEn: 'Unknown ward' });
	const me = principalOf(locals);
	return {
		ward,
		shift: currentShift(new Date()),
		canWrite: can(me, 'ward:write', ward.code),
		checkpoints: await locals.runtime.services.checkpoints.list(me, ward.code)
	};
};

const t = (f: FormData, k: string) => String(f.get(k) ?? '');

export const actions: Actions = {
	checkIn: async ({ request, locals }) => {
		const f = await request.formData();
		try {
			await locals.runtime.services.checkpoints.checkIn(
				principalOf(locals),
				t(f, 'checkpoint'),
				{ personName: t(f, 'personName'), personKey: t(f, 'personKey'), force: t(f, 'force') },
				t(f, 'idempotencyKey') || null
			);
			return { saved: t(f, 'checkpoint') };
		} catch (err) {
			return actionFailure(err, { checkpoint: t(f, 'checkpoint'), values: { personName: t(f, 'personName'), personKey: t(f, 'personKey'), force: t(f, 'force') } });
		}
	},
	checkOut: async ({ request, locals }) => {
		const f = await request.formData();
		try {
			await locals.runtime.services.checkpoints.checkOut(principalOf(locals), t(f, 'checkpoint'), { dutyId: Number(t(f, 'dutyId')) });
			return { saved: t(f, 'checkpoint') };
		} catch (err) {
			return actionFailure(err, { checkpoint: t(f, 'checkpoint') });
		}
	}
};
