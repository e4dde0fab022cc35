import type { ParamMatcher } from '@sveltejs/kit';

/**
 * Board ids: `district`, `ward:<ward code>` or a created board's slug. Only well-formed ids reach
 * a load function; a well-formed id of no board (or one the reader may not see) gets a 404 there.
 */
export const BOARD_ID_PATTERN = /^(?:district|ward:[a-z0-9]+(?:-[a-z0-9]+)*|[a-z0-9][a-z0-9-]{1,47})$/;

export const match: ParamMatcher = (param) => param.length <= 60 && BOARD_ID_PATTERN.test(param);
