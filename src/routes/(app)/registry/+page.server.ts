import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { registryBodies as bodies } from '$lib/contracts/forms';
import { actionFailure, formRefused, principalOf, readForm } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/**
 * *Danh mục*: the district's facilities, warehouses and items, added, edited and retired at run time
 * by the admin and district commanders (issue 11 §3). The services decide again on every action.
 */
export const load: PageServerLoad = async ({ locals }) => {
	const p = principalOf(locals);
	if (!can(p, 'registry:manage')) error(403, 'Chỉ chỉ huy cấp quận / District command only');
	const { quarantine, stock, district, checkpoints } = locals.runtime.services;
	return {
		checkpoints: await checkpoints.list(p),
		facilities: await quarantine.list(p),
		warehouses: await stock.warehousesFor(p, undefined),
		items: await stock.items(),
		wards: district.wards.map((w) => ({ code: w.code, name: w.name })),
		bedTarget: await quarantine.bedTarget(),
		beds: await quarantine.summary(p)
	};
};

/** One form action: read the form, call the service, answer which form was refused and why. */
function action(run: (s: App.Locals['runtime']['services'], p: ReturnType<typeof principalOf>, f: FormData) => Promise<unknown>): Actions[string] {
	return async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		const target = String(f.get('target') ?? '');
		try {
			await run(locals.runtime.services, principalOf(locals), f);
			return { saved: target };
		} catch (err) {
			return actionFailure(err, { target });
		}
	};
}
const code = (f: FormData) => String(f.get('code') ?? '');

export const actions: Actions = {
	addFacility: action((s, p, f) => s.quarantine.register(p, bodies.facility(f))),
	editFacility: action((s, p, f) => s.quarantine.edit(p, code(f), bodies.facilityEdit(f))),
	retireFacility: action((s, p, f) => s.quarantine.retire(p, code(f), bodies.retire(f))),
	addWarehouse: action((s, p, f) => s.stock.createWarehouse(p, bodies.warehouse(f))),
	editWarehouse: action((s, p, f) => s.stock.editWarehouse(p, code(f), bodies.warehouseEdit(f))),
	retireWarehouse: action((s, p, f) => s.stock.retireWarehouse(p, code(f), bodies.retire(f))),
	addItem: action((s, p, f) => s.stock.createItem(p, bodies.item(f))),
	editItem: action((s, p, f) => s.stock.editItem(p, code(f), bodies.itemEdit(f))),
	retireItem: action((s, p, f) => s.stock.retireItem(p, code(f), bodies.retire(f))),
	addCheckpoint: action((s, p, f) => s.checkpoints.register(p, bodies.checkpoint(f))),
	editCheckpoint: action((s, p, f) => s.checkpoints.edit(p, code(f), bodies.checkpointEdit(f))),
	retireCheckpoint: action((s, p, f) => s.checkpoints.retire(p, code(f), bodies.retire(f))),
	bedTarget: action((s, p, f) => s.quarantine.setBedTarget(p, bodies.bedTarget(f)))
};
