import { ROLES } from '$lib/domain/access';
import { ROLE_LABELS } from '$lib/i18n/labels';
import { formAction, principalOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { accounts, district, boards } = locals.runtime.services;
	const actor = principalOf(locals);
	return {
		users: await accounts.list(actor),
		/** What an inspector may be assigned: the campaign boards. */
		campaignBoards: (await boards.list(actor)).filter((b) => b.kind === 'campaign').map((b) => ({ id: b.id, title: b.title })),
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
	boards: boardsOf(f)
});
/** An inspector's boards: the multi-select's values. */
const boardsOf = (f: FormData) => f.getAll('boards').map(String);
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
				boards: boardsOf(form)
			}),
		{ answer: updated }
	),
	disable: formAction(({ services, actor, form }) => services.accounts.setDisabled(actor, id(form), true), { answer: updated }),
	enable: formAction(({ services, actor, form }) => services.accounts.setDisabled(actor, id(form), false), { answer: updated }),
	reset: formAction(({ services, actor, form }) => services.accounts.resetPassword(actor, id(form)), {
		answer: (otp, f) => ({ reset: { username: text(f, 'username'), oneTimePassword: otp } })
	})
};
