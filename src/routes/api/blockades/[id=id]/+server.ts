import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** One blockade with its testing rounds. */
export const GET: RequestHandler = apiRead(({ services, actor, params }) => services.blockades.get(actor, Number(params.id)));

/** `{ name?, address?, zone?, people?, households? }` of an active blockade (a lifted one is history: 409). */
export const PATCH: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.blockades.edit(actor, Number(params.id), body, key));
