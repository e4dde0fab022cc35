import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';
import { readQuery } from '$lib/server/http';
import { wardQuery } from '$lib/contracts/input';

/** Facilities the caller may read; `?ward=<code>` for one ward's. */
export const GET: RequestHandler = apiRead(({ services, actor, url }) => services.quarantine.list(actor, readQuery(url, wardQuery).ward ?? null));

/** A new facility `{ code, name, wardCode, kind, address?, capacity, demo? }` (admin, district commander): 201, *đang chuẩn bị*, empty. */
export const POST: RequestHandler = apiWrite(({ services, actor, body, key }) => services.quarantine.register(actor, body, key), 201);
