import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ reason }` (admin, district commander): only an empty warehouse retires. */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.stock.retireWarehouse(actor, params.warehouse, body, key));
