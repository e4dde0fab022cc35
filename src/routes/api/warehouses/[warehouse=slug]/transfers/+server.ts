import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Records a stock transfer, both legs or neither (see docs/api.md). */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.stock.transfer(actor, params.warehouse, body, key), 201);
