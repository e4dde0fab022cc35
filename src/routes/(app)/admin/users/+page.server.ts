import { ROLES } from '$lib/domain/access';
import { ROLE_LABELS } from '$lib/i18n/labels';
import { formAction, principalOf } from '$lib/server/http';
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
const id = (f: FormData) => text(f, 'id');
const newUser = (f: FormData) => ({
	username: text(f, 'username'),
	displayName: text(f, 'displayName'),
	role: text(f, 'role'),
	wardCode: text(f, 'wardCode') || null,
	phone: text(f, 'phone') || null
});
const updated = () => ({ updated: true });

export const actions: Actions = {
	create: formAction(({ services, actor, form }) => services.accounts.create(actor, newUser(form)), {
		extra: (f) => ({ values: newUser(f) }),
		answer: (r) => {
			const { user, oneTimePassword } = r;
			return { created: { username: user.username, oneTimePassword } };
		}
	}),
	update: formAction(
		({ services, actor, form }) =>
			services.accounts.update(actor, id(form), {
				displayName: text(form, 'displayName'),
				role: text(form, 'role'),
				wardCode: text(form, 'wardCode') || null,
				phone: text(form, 'phone') || null
			}),
		{ answer: updated }
	),
	disable: formAction(({ services, actor, form }) => services.accounts.setDisabled(actor, id(form), true), { answer: updated }),
	enable: formAction(({ services, actor, form }) => services.accounts.setDisabled(actor, id(form), false), { answer: updated }),
	reset: formAction(({ services, actor, form }) => services.accounts.resetPassword(actor, id(form)), {
		answer: (otp, f) => ({ reset: { username: text(f, 'username'), oneTimePassword: otp } })
	})
};
