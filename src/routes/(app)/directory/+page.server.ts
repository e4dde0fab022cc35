import { error } from '@sveltejs/kit';
import { ForbiddenError } from '$lib/server/errors';
import { principalOf } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/** The command post's printable directory (issue 14 §6). */
export const load: PageServerLoad = async ({ locals }) => {
	try {
		return { directory: await locals.runtime.services.directory.get(principalOf(locals)) };
	} catch (err) {
		if (err instanceof ForbiddenError) error(403, { message: 'Bạn không có quyền xem danh bạ', messageEn: 'You may not see the directory' });
		throw err;
	}
};
