import { apiRead } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * Social welfare now (issue 14 §2): per ward the caller may read, today's and cumulative figures,
 * the aid packages issued from stock by warehouse, and the district's sums (a district reader).
 */
export const GET: RequestHandler = apiRead(({ services, actor }) => services.welfare.welfare(actor));
