import type { ParamMatcher } from '@sveltejs/kit';
import { WARD_CODE_MAX, WARD_CODE_PATTERN } from '$lib/contracts/district';

/** Only well-formed ward codes reach a load function; unknown but well-formed codes get a 404 there. */
export const match: ParamMatcher = (param) => param.length <= WARD_CODE_MAX && WARD_CODE_PATTERN.test(param);
