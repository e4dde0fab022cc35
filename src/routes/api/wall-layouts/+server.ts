import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Every saved wall layout (any signed-in reader). */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json(await locals.runtime.services.wallLayouts.list(principalOf(locals)));
	} catch (err) {
		return apiErrorFrom(err);
	}
};

/** `{ slug, title, views: "overview:30,quarantine:20" | [{ view, seconds }], pin? }` (admin, district commander). */
export const POST: RequestHandler = async ({ locals, request }) => {
	try {
		const body = await readJsonBody(request);
		return json(await locals.runtime.services.wallLayouts.create(principalOf(locals), body), { status: 201 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
