import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The district: name, zone scheme and its levels (what a `zone` field may hold), the bed target. */
export const GET: RequestHandler = async ({ locals }) => {
	const { district, quarantine } = locals.runtime.services;
	return json({ ...district.view, quarantineBedTarget: await quarantine.bedTarget() });
};

/** `{ quarantineBedTarget: n | null }` (admin, district commander): the target the wall shows as "x / target". */
export const PATCH: RequestHandler = async ({ locals, request }) => {
	try {
		const { district, quarantine } = locals.runtime.services;
		const quarantineBedTarget = await quarantine.setBedTarget(principalOf(locals), await readJsonBody(request));
		return json({ ...district.view, quarantineBedTarget });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
