import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ reason }` (admin, district commander): only an item no warehouse holds retires. */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.stock.retireItem(actor, params.item, body, key));
