/**
 * Shared load and actions of the stock pages (a ward's warehouse, the district's). The actions serve
 * browsers without JavaScript; with it, entries go through the device's outbox to the JSON API.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { can } from '../domain/access.ts';
import { issueBody, receiptBody, transferBody } from '../contracts/forms.ts';
import { actionFailure, principalOf, formRefused, readForm } from './http.ts';

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
		targets: (await locals.runtime.services.stock.warehousesFor({ kind: 'system', name: 'list' }, undefined))
			.filter((w) => w.code !== mine?.code)
			.map((w) => ({ code: w.code, name: w.name })),
		movements: mine ? await stock.movements(me, mine.code, 15) : [],
		readable: all.length
	};
}

const t = (f: FormData, k: string) => String(f.get(k) ?? '');

export const stockActions = {
	receive: async ({ request, locals }: RequestEvent) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.stock.receive(principalOf(locals), t(f, 'warehouse'), receiptBody(f), t(f, 'idempotencyKey') || null);
			return { saved: 'receive' };
		} catch (err) {
			return actionFailure(err, { form: 'receive' });
		}
	},
	issue: async ({ request, locals }: RequestEvent) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.stock.issue(
				principalOf(locals),
				t(f, 'warehouse'),
				issueBody(f),
				t(f, 'idempotencyKey') || null
			);
			return { saved: 'issue' };
		} catch (err) {
			return actionFailure(err, { form: 'issue' });
		}
	},
	transfer: async ({ request, locals }: RequestEvent) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.stock.transfer(principalOf(locals), t(f, 'warehouse'), transferBody(f), t(f, 'idempotencyKey') || null);
			return { saved: 'transfer' };
		} catch (err) {
			return actionFailure(err, { form: 'transfer' });
		}
	}
};
