import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** One saved layout (any signed-in reader). */
export const GET: RequestHandler = apiRead(({ services, actor, params }) => services.wallLayouts.get(actor, params.layout));

/** `{ title, views, pin? }`: the whole layout (the slug stays); walls showing it follow live. */
export const PUT: RequestHandler = apiWrite(({ services, actor, params, body }) => services.wallLayouts.update(actor, params.layout, body));

/** 204; refused while a wall display in service has it as its default. */
export const DELETE: RequestHandler = apiWrite(({ services, actor, params }) => services.wallLayouts.remove(actor, params.layout), 204, { body: false });
