import { loadFacilities, quarantineActions } from '$lib/server/quarantine-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	title: locals.runtime.services.district.view.name,
	ward: null,
	...(await loadFacilities(locals, null))
});

export const actions: Actions = quarantineActions;
