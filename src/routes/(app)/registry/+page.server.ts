import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { registryBodies as bodies } from '$lib/contracts/forms';
import { formAction, principalOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/**
 * *Danh mục*: the district's facilities, warehouses and items, added, edited and retired at run time
 * by the admin and district commanders (issue 11 §3). The services decide again on every action.
 */
export const load: PageServerLoad = async ({ locals }) => {
	const p = principalOf(locals);
	if (!can(p, 'registry:manage')) error(403, 'Chỉ chỉ huy cấp quận / District command only');
	const { quarantine, stock, district, checkpoints, blockades } = locals.runtime.services;
	return {
		checkpoints: await checkpoints.list(p),
		// What a checkpoint inside a blockaded area may newly name: its ward's active blockades.
		blockades: (await blockades.list(p)).map((b) => ({ id: b.id, name: b.name, wardCode: b.wardCode })),
		facilities: await quarantine.list(p),
		warehouses: await stock.warehousesFor(p, undefined),
		items: await stock.items(),
		wards: district.wards.map((w) => ({ code: w.code, name: w.name })),
		bedTarget: await quarantine.bedTarget(),
		beds: await quarantine.summary(p)
	};
};

/** Each form names itself (`target`): a refusal is shown next to the form that was sent. */
const target = (f: FormData) => String(f.get('target') ?? '');
const code = (f: FormData) => String(f.get('code') ?? '');
type Run = Parameters<typeof formAction>[0];
const action = (run: Run) => formAction(run, { name: target, tag: 'target' });

export const actions: Actions = {
	addFacility: action(({ services, actor, form }) => services.quarantine.register(actor, bodies.facility(form))),
	editFacility: action(({ services, actor, form }) => services.quarantine.edit(actor, code(form), bodies.facilityEdit(form))),
	retireFacility: action(({ services, actor, form }) => services.quarantine.retire(actor, code(form), bodies.retire(form))),
	addWarehouse: action(({ services, actor, form }) => services.stock.createWarehouse(actor, bodies.warehouse(form))),
	editWarehouse: action(({ services, actor, form }) => services.stock.editWarehouse(actor, code(form), bodies.warehouseEdit(form))),
	retireWarehouse: action(({ services, actor, form }) => services.stock.retireWarehouse(actor, code(form), bodies.retire(form))),
	addItem: action(({ services, actor, form }) => services.stock.createItem(actor, bodies.item(form))),
	editItem: action(({ services, actor, form }) => services.stock.editItem(actor, code(form), bodies.itemEdit(form))),
	retireItem: action(({ services, actor, form }) => services.stock.retireItem(actor, code(form), bodies.retire(form))),
	addCheckpoint: action(({ services, actor, form }) => services.checkpoints.register(actor, bodies.checkpoint(form))),
	editCheckpoint: action(({ services, actor, form }) => services.checkpoints.edit(actor, code(form), bodies.checkpointEdit(form))),
	retireCheckpoint: action(({ services, actor, form }) => services.checkpoints.retire(actor, code(form), bodies.retire(form))),
	bedTarget: action(({ services, actor, form }) => services.quarantine.setBedTarget(actor, bodies.bedTarget(form)))
};
