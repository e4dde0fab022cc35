import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';
import { readQuery } from '$lib/server/http';
import { wardQuery } from '$lib/contracts/input';

/** Checkpoints the caller may read with who is on duty; `?ward=<code>` for one ward's. */
export const GET: RequestHandler = apiRead(({ services, actor, url }) => services.checkpoints.list(actor, readQuery(url, wardQuery).ward));

/** A new checkpoint `{ code, name, wardCode, kind, leadUnit, required }` (admin, district commander): 201; a control checkpoint needs `required.police` ≥ 1. */
export const POST: RequestHandler = apiWrite(({ services, actor, body, key }) => services.checkpoints.register(actor, body, key), 201);
