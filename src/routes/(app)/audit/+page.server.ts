import { parseAuditQuery } from '$lib/contracts/audit';
import { principalOf } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const filter = parseAuditQuery(url.searchParams);
	return {
		entries: await locals.runtime.services.audit.list(principalOf(locals), { ...filter, limit: 300 }),
		filter: filter.raw,
		wards: locals.runtime.services.district.wards.map((w) => ({ code: w.code, name: w.name })),
		query: url.searchParams.toString()
	};
};
