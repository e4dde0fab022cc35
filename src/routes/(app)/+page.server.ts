import { can } from '$lib/domain/access';
import { principalOf } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const { district } = locals.runtime.services;
	const me = principalOf(locals);
	return {
		district: district.view,
		wards: district.wards.filter((w) => can(me, 'ward:read', w.code)).map((w) => ({ code: w.code, name: w.name }))
	};
};
