import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Records a stock issue (see docs/api.md); refused with the stock left when there is not enough. */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.stock.issue(actor, params.warehouse, body, key), 201);
