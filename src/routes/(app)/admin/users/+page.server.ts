import { ROLES, ROLE_LABELS } from '$lib/domain/access';
import { actionFailure, principalOf, formRefused, readForm } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { accounts, district } = locals.runtime.services;
	return {
		users: await accounts.list(principalOf(locals)),
		roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r].vi })),
		wards: district.wards.map((w) => ({ code: w.code, name: w.name }))
	};
};

const text = (f: FormData, k: string) => String(f.get(k) ?? '');

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		const input = { username: text(f, 'username'), displayName: text(f, 'displayName'), role: text(f, 'role'), wardCode: text(f, 'wardCode') || null };
		try {
			const r = await locals.runtime.services.accounts.create(principalOf(locals), input);
			return { created: { username: r.user.username, oneTimePassword: r.oneTimePassword } };
		} catch (err) {
			return actionFailure(err, { values: input });
		}
	},
	update: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.accounts.update(principalOf(locals), text(f, 'id'), {
				displayName: text(f, 'displayName'),
				role: text(f, 'role'),
				wardCode: text(f, 'wardCode') || null
			});
			return { updated: true };
		} catch (err) {
			return actionFailure(err);
		}
	},
	disable: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.accounts.setDisabled(principalOf(locals), text(f, 'id'), true);
			return { updated: true };
		} catch (err) {
			return actionFailure(err);
		}
	},
	enable: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			await locals.runtime.services.accounts.setDisabled(principalOf(locals), text(f, 'id'), false);
			return { updated: true };
		} catch (err) {
			return actionFailure(err);
		}
	},
	reset: async ({ request, locals }) => {
		const f = await readForm(request);
		if (formRefused(f)) return f;
		try {
			const otp = await locals.runtime.services.accounts.resetPassword(principalOf(locals), text(f, 'id'));
			return { reset: { username: text(f, 'username'), oneTimePassword: otp } };
		} catch (err) {
			return actionFailure(err);
		}
	}
};
