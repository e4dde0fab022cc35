import { apiRead, apiWrite, readQuery } from '$lib/server/http';
import { blockadeQuery } from '$lib/contracts/blockades';
import type { RequestHandler } from './$types';

/** Active blockades the caller may read (`?ward=<code>` for one ward's, `?lifted=1` with the lifted ones), newest first. */
export const GET: RequestHandler = apiRead(({ services, actor, url }) => {
	const q = readQuery(url, blockadeQuery);
	return services.blockades.list(actor, { ward: q.ward, includeLifted: q.lifted });
});

/** Opens a blockade `{ wardCode, name, address?, zone, startedAt, people, households }`: 201 with its `id`. */
export const POST: RequestHandler = apiWrite(({ services, actor, body, key }) => services.blockades.open(actor, body, key), 201);
