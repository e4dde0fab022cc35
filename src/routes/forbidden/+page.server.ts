import { error } from '@sveltejs/kit';
import { FORBIDDEN_PAGE } from '$lib/server/auth/pages';
import type { PageServerLoad } from './$types';

/**
 * The styled 403 page. An `error()` thrown in the hook gets SvelteKit's bare fallback page, not
 * +error.svelte; so when the guard refuses a page, hooks.server.ts answers with this route's
 * rendering (status 403, same URL). It shows nothing but the refusal, so anyone may load it.
 */
export const load: PageServerLoad = () => error(403, FORBIDDEN_PAGE);
