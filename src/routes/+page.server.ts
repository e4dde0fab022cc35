import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const { district } = locals.runtime.services;
	return { district: district.view, wards: district.wards.map((w) => ({ code: w.code, name: w.name })) };
};
