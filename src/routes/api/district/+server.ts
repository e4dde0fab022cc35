import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The district: name, zone scheme and its levels (what a `zone` field may hold). */
export const GET: RequestHandler = ({ locals }) => json(locals.runtime.services.district.view);
