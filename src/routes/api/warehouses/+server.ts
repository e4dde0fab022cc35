import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The standing warehouses the caller may read. */
export const GET: RequestHandler = apiRead(({ services, actor }) => services.stock.warehousesFor(actor, undefined));

/** A new warehouse `{ code, name, wardCode }` (admin, district commander): 201, every standing item at 0. */
export const POST: RequestHandler = apiWrite(({ services, actor, body, key }) => services.stock.createWarehouse(actor, body, key), 201);
