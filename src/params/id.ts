import type { ParamMatcher } from '@sveltejs/kit';

/** Database ids (reports, blockades): 1–10 digits, no leading zero. Anything else is a 404 before any load. */
export const match: ParamMatcher = (param) => /^[1-9]\d{0,9}$/.test(param);
