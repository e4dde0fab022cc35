import { error } from '@sveltejs/kit';
import { loadFacilities, quarantineActions } from '$lib/server/quarantine-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const ward = locals.runtime.services.district.ward(params.code);
	if (!ward) error(404, { message: 'Không tìm thấy phường', messageEn: 'Unknown ward' });
	return { title: `Phường ${ward.name}`, ward, ...(await loadFacilities(locals, ward.code)) };
};

export const actions: Actions = quarantineActions;
