import { pickLang } from '$lib/i18n/messages';
import { parsePlaylist } from '$lib/domain/playlist';
import { principalOf } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/** The first paint comes with a snapshot; the live connection resumes from its seq. */
export const load: PageServerLoad = async ({ locals, url }) => ({
	snapshot: await locals.runtime.services.live.snapshot(principalOf(locals)),
	lang: pickLang(url.searchParams.get('lang')),
	playlist: parsePlaylist(url.searchParams.get('views'), url.searchParams.get('pin'))
});
