import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Every inspection of the board, newest first (whoever may read the board). */
export const GET: RequestHandler = apiRead(({ services, actor, params }) => services.inspections.list(actor, params.id));

/**
 * `{ card?, ward?, conclusion, findings }` — records an inspection (the board's inspectors, a
 * district commander, an admin) and applies its consequence to the card: 201 with the inspection.
 */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.inspections.record(actor, params.id, body, key), 201);
