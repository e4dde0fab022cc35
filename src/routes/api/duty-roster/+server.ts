import { apiRead, apiWrite, readQuery } from '$lib/server/http';
import { dutyQuery, dutyTarget } from '$lib/contracts/duty';
import type { RequestHandler } from './$types';

/** `?unit=district|<ward>&date=yyyy-MM-dd` (default today): the unit's shifts that day, its hotline and who is on duty now. */
export const GET: RequestHandler = apiRead(({ services, actor, url }) => services.duty.get(actor, readQuery(url, dutyQuery)));

/** `?unit=&date=` with `{ shifts: [{ shift, leader: { name, phone } | null, officers: [...] }] }`: replaces that unit-day's plan. */
export const PUT: RequestHandler = apiWrite(({ services, actor, url, body, key }) => services.duty.plan(actor, readQuery(url, dutyTarget), body, key));
