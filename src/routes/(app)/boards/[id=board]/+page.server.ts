import { error } from '@sveltejs/kit';
import { actorLabel, can, inspectsOnly, principalKey } from '$lib/domain/access';
import { principalOf } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/**
 * The board's summary and who is looking. The content itself comes over /yjs/<docName> (and from
 * the device when offline), never through this load.
 */
export const load: PageServerLoad = async ({ params, locals }) => {
	const me = principalOf(locals);
	const { boards, district, inspections } = locals.runtime.services;
	const board = await boards.get(me, params.id);
	// Missing and not visible look the same: a board's existence is not told to those who may not read it.
	if (!board) error(404, { message: `Không có bảng công việc "${params.id}"`, messageEn: `No task board "${params.id}"` });
	return {
		board,
		me: { key: principalKey(me), name: actorLabel(me).name },
		/** Every inspection of the board (newest first), whether this person records them, and whether that is all it edits. */
		inspections: await inspections.list(me, board.id),
		mayInspect: can(me, 'board:inspect', board.id),
		inspectsOnly: inspectsOnly(me),
		wards: district.wards.map((w) => ({ code: w.code, name: w.name }))
	};
};
