/**
 * Shared load and actions of the quarantine pages (a ward's, and the district's). The actions serve
 * browsers without JavaScript; with it, entries go through the device's outbox to the JSON API.
 */
import { can } from '../domain/access.ts';
import { thresholdsOf } from '../domain/quarantine.ts';
import { ENTRY_KINDS } from '../entries.ts';
import { formAction, principalOf } from './http.ts';

/** How many recent changes each facility card lists (the API gives the whole history). */
const HISTORY_ON_CARD = 5;

export async function loadFacilities(locals: App.Locals, wardCode: string | null) {
	const me = principalOf(locals);
	const { quarantine, district } = locals.runtime.services;
	const all = await quarantine.list(me, null);
	// A ward page shows its ward's facilities; the district page shows all of them.
	const facilities = wardCode ? all.filter((f) => f.wardCode === wardCode) : all;
	const cards = await Promise.all(
		facilities.map(async (f) => {
			const canWrite = can(me, 'ward:write', f.wardCode);
			// The history is the owner's (and the district's); other wards see only the beds.
			const history = can(me, 'ward:read', f.wardCode) ? await quarantine.history(me, f.code, HISTORY_ON_CARD) : [];
			return { ...f, canWrite, history };
		})
	);
	return {
		facilities: cards,
		// Every facility of the district with its free beds: where this ward's F1 can go (issue 11 §4).
		elsewhere: wardCode ? all.filter((f) => f.wardCode !== wardCode) : [],
		thresholds: thresholdsOf(district.view.alerts),
		// Whose people an admission or discharge moves (issue 13 §4): a ward page starts from its own ward.
		wards: district.wards.map((w) => ({ code: w.code, name: w.name })),
		homeWard: wardCode,
		mayConvert: can(me, 'facility:convert')
	};
}

const facility = (f: FormData) => String(f.get('facility') ?? '');

export const quarantineActions = {
	move: formAction(({ services, actor, form, key }) => services.quarantine.move(actor, facility(form), ENTRY_KINDS['quarantine-movement'].body(form), key), {
		name: facility,
		tag: 'facility'
	}),
	status: formAction(
		({ services, actor, form, key }) => services.quarantine.setStatus(actor, facility(form), ENTRY_KINDS['quarantine-status'].body(form), key),
		{ name: facility, tag: 'facility' }
	)
};
