/**
 * Shared load and actions of the quarantine pages (a ward's, and the district's). The actions serve
 * browsers without JavaScript; with it, entries go through the device's outbox to the JSON API.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { can } from '../domain/access.ts';
import { movementBody, statusBody } from '../contracts/forms.ts';
import { actionFailure, principalOf, formRefused, readForm } from './http.ts';

export async function loadFacilities(locals: App.Locals, wardCode: string | null) {
	const me = principalOf(locals);
	const all = await locals.runtime.services.quarantine.list(me, null);
	// A ward page shows its ward's facilities; the district page shows district-managed ones and, for district readers, all.
	const facilities = wardCode ? all.filter((f) => f.wardCode === wardCode) : all;
	return facilities.map((f) => ({ ...f, canWrite: can(me, 'ward:write', f.wardCode) }));
}

export const quarantineActions = {
	move: async ({ request, locals }: RequestEvent) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		const code = String(f.get('facility') ?? '');
		try {
			await locals.runtime.services.quarantine.move(
				principalOf(locals),
				code,
				movementBody(f),
				String(f.get('idempotencyKey') ?? '') || null
			);
			return { saved: code };
		} catch (err) {
			return actionFailure(err, { facility: code });
		}
	},
	status: async ({ request, locals }: RequestEvent) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		const code = String(f.get('facility') ?? '');
		try {
			await locals.runtime.services.quarantine.setStatus(principalOf(locals), code, statusBody(f), String(f.get('idempotencyKey') ?? '') || null);
			return { saved: code };
		} catch (err) {
			return actionFailure(err, { facility: code });
		}
	}
};
