import { json } from '@sveltejs/kit';
import { apiErrorFrom, principalOf, readJsonBody } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await locals.runtime.services.wallLayouts.get(principalOf(locals), params.layout));
	} catch (err) {
		return apiErrorFrom(err);
	}
};

/** `{ title, views, pin? }`: the whole layout (the slug stays); walls showing it follow live. */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	try {
		const body = await readJsonBody(request);
		return json(await locals.runtime.services.wallLayouts.update(principalOf(locals), params.layout, body));
	} catch (err) {
		return apiErrorFrom(err);
	}
};

export const DELETE: RequestHandler = async ({ locals, params }) => {
	try {
		await locals.runtime.services.wallLayouts.remove(principalOf(locals), params.layout);
		return new Response(null, { status: 204 });
	} catch (err) {
		return apiErrorFrom(err);
	}
};
