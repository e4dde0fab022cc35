import { apiRead, apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The district: name, zone scheme and its levels (what a `zone` field may hold), the bed target. */
export const GET: RequestHandler = apiRead(async ({ services }) => ({ ...services.district.view, quarantineBedTarget: await services.quarantine.bedTarget() }));

/** `{ quarantineBedTarget: n | null }` (admin, district commander): the target the wall shows as "x / target". */
export const PATCH: RequestHandler = apiWrite(async ({ services, actor, body }) => ({
	...services.district.view,
	quarantineBedTarget: await services.quarantine.setBedTarget(actor, body)
}));
