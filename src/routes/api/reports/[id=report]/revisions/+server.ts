import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ reason, wards: { "<code>": { "f0Active": 12, … } } }` → a new revision of the report (admin, district commander). */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	try {
		const body = await readJsonBody(request);
		return json(await locals.runtime.services.reports.correct(principalOf(locals), Number(params.id), body), { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
