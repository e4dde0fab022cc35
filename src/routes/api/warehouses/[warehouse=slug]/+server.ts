import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ name }` (admin, district commander). */
export const PATCH: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.stock.editWarehouse(actor, params.warehouse, body, key));
