import { pickLang } from '$lib/i18n/messages';
import { principalOf } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/**
 * The first paint comes with a snapshot (which carries the saved layouts and, for a kiosk, its
 * default); the live connection resumes from its seq. Which playlist plays is decided from the
 * URL's request by the wall's state (lib/domain/wall-layout.ts), the same way on both sides.
 */
export const load: PageServerLoad = async ({ locals, url }) => ({
	snapshot: await locals.runtime.services.live.snapshot(principalOf(locals)),
	lang: pickLang(url.searchParams.get('lang')),
	request: {
		layout: url.searchParams.get('layout'),
		views: url.searchParams.get('views'),
		pin: url.searchParams.get('pin')
	}
});
