/**
 * Which pages and endpoints need what, by SvelteKit route id — decided with `can()` from the one
 * authorization module. Data-level checks (which ward a write touches) stay in the services.
 */
import { can, homeWard, seesDistrict, type Principal } from '../../domain/access.ts';

export type Decision = { kind: 'ok' } | { kind: 'signin' } | { kind: 'forbidden' } | { kind: 'change_password' } | { kind: 'redirect'; to: string };

/** Routes anyone may reach (/forbidden only says "no": hooks.server.ts renders it for refusals). */
const PUBLIC = new Set(['/login', '/forbidden', '/api/health', '/api/session']);
/** Routes a person who must change their password may still reach. */
const PASSWORD_CHANGE_ALLOWED = new Set(['/account/password', '/logout', '/api/session']);

export function decide(routeId: string | null, params: Record<string, string>, principal: Principal | null, mustChangePassword: boolean): Decision {
	if (routeId === null) return { kind: 'ok' }; // SvelteKit answers 404
	routeId = routeId.replace(/\/\([^)]+\)/g, '') || '/'; // layout groups such as (app) are not paths
	if (PUBLIC.has(routeId)) return { kind: 'ok' };
	if (!principal) return { kind: 'signin' };
	if (mustChangePassword && !PASSWORD_CHANGE_ALLOWED.has(routeId)) return { kind: 'change_password' };

	if (routeId.startsWith('/admin')) return can(principal, 'admin:manage') ? { kind: 'ok' } : { kind: 'forbidden' };
	if (routeId.startsWith('/audit')) return can(principal, 'audit:read') ? { kind: 'ok' } : { kind: 'forbidden' };
	if (routeId.startsWith('/reports')) return can(principal, 'report:read') ? { kind: 'ok' } : { kind: 'forbidden' };
	if (routeId.startsWith('/account')) return principal.kind === 'user' ? { kind: 'ok' } : { kind: 'forbidden' };
	if (routeId === '/wall' || routeId === '/') {
		if (seesDistrict(principal)) return { kind: 'ok' };
		const ward = homeWard(principal);
		return ward ? { kind: 'redirect', to: `/ward/${ward}` } : { kind: 'forbidden' };
	}
	if (routeId.startsWith('/ward/')) {
		return params.code && can(principal, 'ward:read', params.code) ? { kind: 'ok' } : { kind: 'forbidden' };
	}
	// The JSON API checks each ward in its service; a principal is enough to get that far.
	if (routeId.startsWith('/api/')) return { kind: 'ok' };
	return { kind: 'ok' };
}
