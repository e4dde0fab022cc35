import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Every saved wall layout (any signed-in reader). */
export const GET: RequestHandler = apiRead(({ services, actor }) => services.wallLayouts.list(actor));

/** `{ slug, title, views: "overview:30,quarantine:20" | [{ view, seconds }], pin? }` (admin, district commander). */
export const POST: RequestHandler = apiWrite(({ services, actor, body }) => services.wallLayouts.create(actor, body), 201);
