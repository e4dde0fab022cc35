import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Records a stock receipt (see docs/api.md); an optional Idempotency-Key makes a retry count once. */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body, key }) => services.stock.receive(actor, params.warehouse, body, key), 201);
