import { error } from '@sveltejs/kit';
import { actorLabel, principalKey } from '$lib/domain/access';
import { principalOf } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/**
 * The board's summary and who is looking. The content itself comes over /yjs/<docName> (and from
 * the device when offline), never through this load.
 */
export const load: PageServerLoad = async ({ params, locals }) => {
	const me = principalOf(locals);
	const { boards, district } = locals.runtime.services;
	const board = await boards.get(me, params.id);
	// Missing and not visible look the same: a board's existence is not told to those who may not read it.
	if (!board) error(404, { message: `Không có bảng công việc "${params.id}"`, messageEn: `No task board "${params.id}"` });
	return {
		board,
		me: { key: principalKey(me), name: actorLabel(me).name },
		wards: district.wards.map((w) => ({ code: w.code, name: w.name }))
	};
};
