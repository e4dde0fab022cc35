import type { ParamMatcher } from '@sveltejs/kit';

/** Codes of facilities, warehouses, checkpoints: lower-case slugs; anything else is a 404 before any load. */
export const match: ParamMatcher = (param) => param.length <= 60 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(param);
