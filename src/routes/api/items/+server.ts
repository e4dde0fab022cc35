import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The standing essential-goods items, in display order. */
export const GET: RequestHandler = apiRead(({ services }) => services.stock.items());

/** A new item `{ code, name, unit, minDays }` (admin, district commander): 201, at 0 in every standing warehouse. */
export const POST: RequestHandler = apiWrite(({ services, actor, body, key }) => services.stock.createItem(actor, body, key), 201);
