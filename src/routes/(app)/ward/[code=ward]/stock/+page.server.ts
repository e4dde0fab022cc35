import { error } from '@sveltejs/kit';
import { loadStock, stockActions } from '$lib/server/stock-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const ward = locals.runtime.services.district.ward(params.code);
	if (!ward) error(404, { message: 'Không tìm thấy phường', messageEn: 'Unknown ward' });
	return { title: `Phường ${ward.name}`, ...(await loadStock(locals, ward.code)) };
};

export const actions: Actions = stockActions;
