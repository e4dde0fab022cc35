import type { ParamMatcher } from '@sveltejs/kit';
import { isDatabaseId } from '$lib/contracts/input';

/** Database ids (reports, blockades): anything else is a 404 before any load. */
export const match: ParamMatcher = isDatabaseId;
