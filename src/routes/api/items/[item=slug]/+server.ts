import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ name?, unit?, minDays? }` (admin, district commander). */
export const PATCH: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.stock.editItem(actor, params.item, body, key));
