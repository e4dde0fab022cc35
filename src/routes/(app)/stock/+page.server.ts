import { loadStock, stockActions } from '$lib/server/stock-page';
import type { Actions, PageServerLoad } from './$types';

/** The district warehouse. */
export const load: PageServerLoad = async ({ locals }) => ({
	title: locals.runtime.services.district.view.name,
	...(await loadStock(locals, null))
});

export const actions: Actions = stockActions;
