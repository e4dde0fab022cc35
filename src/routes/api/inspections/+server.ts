import { apiRead, readQuery } from '$lib/server/http';
import { limitQuery } from '$lib/contracts/input';
import type { RequestHandler } from './$types';

/** The district's inspections: `{ recent, open }` — the latest (`?limit=`, default 50) and every open recommendation. */
export const GET: RequestHandler = apiRead(({ services, actor, url }) => services.inspections.district(actor, readQuery(url, limitQuery).limit));
