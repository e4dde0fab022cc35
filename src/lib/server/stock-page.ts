/**
 * Shared load and actions of the stock pages (a ward's warehouse, the district's). The actions serve
 * browsers without JavaScript; with it, entries go through the device's outbox to the JSON API.
 */
import { can } from '../domain/access.ts';
import { ENTRY_KINDS } from '../entries.ts';
import { formAction, principalOf } from './http.ts';

export async function loadStock(locals: App.Locals, wardCode: string | null) {
	const me = principalOf(locals);
	const { stock } = locals.runtime.services;
	const [mine] = await stock.warehousesFor(me, wardCode);
	const all = await stock.warehousesFor(me, undefined);
	return {
		warehouse: mine ? { ...mine, canWrite: can(me, 'ward:write', mine.wardCode) } : null,
		levels: mine ? (await stock.levels(me, wardCode)).filter((l) => l.warehouseCode === mine.code) : [],
		items: (await stock.items()).map((i) => ({ code: i.code, name: i.name, unit: i.unit })),
		// Transfers may go to any warehouse of the district (the receiving side need not be the sender's).
		targets: (await stock.transferTargets(me)).filter((w) => w.code !== mine?.code),
		movements: mine ? await stock.movements(me, mine.code, 15) : [],
		// The district warehouse's issue to households names the receiving ward (its aid packages, issue 14 §2).
		wards: locals.runtime.services.district.wards.map((w) => ({ code: w.code, name: w.name })),
		readable: all.length
	};
}

const warehouseOf = (f: FormData) => String(f.get('warehouse') ?? '');

export const stockActions = {
	receive: formAction(({ services, actor, form, key }) => services.stock.receive(actor, warehouseOf(form), ENTRY_KINDS['stock-receipt'].body(form), key), {
		name: 'receive',
		tag: 'form'
	}),
	issue: formAction(({ services, actor, form, key }) => services.stock.issue(actor, warehouseOf(form), ENTRY_KINDS['stock-issue'].body(form), key), {
		name: 'issue',
		tag: 'form'
	}),
	transfer: formAction(({ services, actor, form, key }) => services.stock.transfer(actor, warehouseOf(form), ENTRY_KINDS['stock-transfer'].body(form), key), {
		name: 'transfer',
		tag: 'form'
	})
};
