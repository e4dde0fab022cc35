import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => json({ status: 'ok', database: locals.runtime.services.database.kind });
