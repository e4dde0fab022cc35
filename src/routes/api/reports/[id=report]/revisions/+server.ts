import { apiWrite } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** `{ reason, wards: { "<code>": { "f0Active": 12, … } } }` → a new revision of the report (admin, district commander). */
export const POST: RequestHandler = apiWrite(({ services, actor, params, body }) => services.reports.correct(actor, Number(params.id), body), 201);
