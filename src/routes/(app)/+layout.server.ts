import { can } from '$lib/domain/access';
import { ROLE_LABELS } from '$lib/i18n/labels';
import type { LayoutServerLoad } from './$types';

/** What the header shows: who is signed in and the links they may follow. */
export const load: LayoutServerLoad = ({ locals }) => {
	const p = locals.principal;
	const district = locals.runtime.services.district.view;
	if (!p) return { me: null, district, links: { admin: false, audit: false, wall: false, reports: false, registry: false } };
	return {
		district,
		me:
			p.kind === 'user'
				? { kind: 'user' as const, name: p.name, username: p.username, role: ROLE_LABELS[p.role].vi, wardCode: p.wardCode }
				: { kind: p.kind, name: p.kind === 'system' ? 'system' : p.name, username: null, role: null, wardCode: null },
		links: {
			admin: can(p, 'admin:manage'),
			audit: can(p, 'audit:read'),
			wall: can(p, 'ward:read', null),
			reports: can(p, 'report:read'),
			registry: can(p, 'registry:manage')
		}
	};
};
