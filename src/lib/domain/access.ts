/**
 * Who may do what: the one authorization module. Pure — services, hooks, socket.io and the Yjs
 * endpoint all ask `can()`; nothing else re-implements a check.
 */

export const ROLES = ['admin', 'district_commander', 'ward_commander', 'ward_staff', 'viewer', 'inspector'] as const;
export type Role = (typeof ROLES)[number];

/** Roles bound to one ward: they must have a ward, and see nothing past it. */
const WARD_ROLES: readonly Role[] = ['ward_commander', 'ward_staff'];

export type Principal =
	| {
			kind: 'user';
			id: string;
			username: string;
			name: string;
			role: Role;
			wardCode: string | null;
			/**
			 * An inspector's campaign boards (ids, assigned in /admin/users): the only boards it reads,
			 * writes and inspects. Absent or empty for every other role.
			 */
			boards?: readonly string[];
	  }
	/** A wall display: read-only, district-wide, never times out, revocable. */
	| { kind: 'kiosk'; id: string; name: string }
	/** Another system: read or write, on some wards or all. */
	| { kind: 'api'; id: string; name: string; access: 'read' | 'write'; wards: 'all' | readonly string[] }
	| { kind: 'system'; name: string };

export type Action =
	/** Read one ward's figures (ward given) — or every ward's (no ward: the wall, /api/wards). */
	| 'ward:read'
	/** Enter a ward's figures (case reports, and later beds, stock, checkpoints). */
	| 'ward:write'
	/** Users, kiosk and API tokens. */
	| 'admin:manage'
	/** Browse and export the audit log. */
	| 'audit:read'
	/** Read the saved wall layouts (every principal: a wall must find its layout). */
	| 'layout:read'
	/** Create, edit and delete saved wall layouts: the district's leadership (admin, district commander). */
	| 'layout:manage'
	/** Create task boards beyond the district's and the wards' (an inspection campaign…). */
	| 'board:manage'
	/** Apply a readiness template to every ward's board at once (issue 14 §5): admin, district commander. */
	| 'readiness:apply'
	/**
	 * Record an inspection on a board (the third argument of can() is the board's id, not a ward)
	 * and sign a card off out of *Chờ kiểm tra*: the board's inspectors, a district commander, an admin.
	 */
	| 'board:inspect'
	/** Read the inspections of every board, district-wide (the district's leadership and viewers). */
	| 'inspections:read'
	/**
	 * Read every quarantine facility's beds, whoever owns it: a ward commander must see where the
	 * ward's F1 can go (issue 11 §4). Writing stays with the facility's owner (`ward:write`).
	 */
	| 'beds:read'
	/** Convert a facility to or from treating F0: a decision of the City, carried out by the district. */
	| 'facility:convert'
	/**
	 * Add, edit and retire facilities, warehouses, items and checkpoints at run time (issue 11 §3),
	 * and set the district's bed target: the district's leadership (admin, district commander).
	 */
	| 'registry:manage'
	/** Read the situation reports to the city: the district's leadership and viewers. */
	| 'report:read'
	/** Generate one now, correct one (a new revision), mark one as sent: admin, district commander. */
	| 'report:manage';

/**
 * The decision. `ward` is the ward the action touches; for `ward:read` without a ward the
 * question is "may read every ward".
 */
export function can(p: Principal, action: Action, ward?: string | null): boolean {
	// Layouts hold no figures, only which views a wall rotates: anyone who may ask may read them.
	if (action === 'layout:read') return true;
	// Free beds are the district's shared resource: every principal that may ask may read them.
	if (action === 'beds:read') return true;
	switch (p.kind) {
		case 'system':
			return true;
		case 'kiosk':
			return action === 'ward:read';
		case 'api': {
			if (action !== 'ward:read' && action !== 'ward:write') return false;
			if (action === 'ward:write' && p.access !== 'write') return false;
			if (p.wards === 'all') return true;
			return ward != null && p.wards.includes(ward);
		}
		case 'user':
			switch (p.role) {
				case 'admin':
					return true;
				case 'district_commander':
					return action !== 'admin:manage';
				case 'viewer':
					return action === 'ward:read' || action === 'report:read' || action === 'inspections:read';
				case 'inspector':
					// Its boards only: no ward figures, no reports (documentAccess gives it its boards' documents).
					return action === 'board:inspect' && ward != null && (p.boards ?? []).includes(ward);
				case 'ward_commander':
				case 'ward_staff':
					if (action !== 'ward:read' && action !== 'ward:write') return false;
					return ward != null && ward === p.wardCode;
			}
	}
}

/** An inspector: on its boards it comments, ticks checklists, moves and inspects cards, and edits nothing else (board-guard). */
export function inspectsOnly(p: Principal): boolean {
	return p.kind === 'user' && p.role === 'inspector';
}

/** True when the principal may see every ward (the wall, district totals, the live district room). */
export function seesDistrict(p: Principal): boolean {
	return can(p, 'ward:read', null);
}

/** The ward a ward-bound principal is limited to, or null when it is not limited to one. */
export function homeWard(p: Principal): string | null {
	return p.kind === 'user' && WARD_ROLES.includes(p.role) ? p.wardCode : null;
}

/**
 * What a reader of the live picture sees: the whole district (`ward: null`), its one ward, or
 * nothing (null) — the snapshot's scope and every read that follows it (progress…).
 */
export function readScope(p: Principal): { ward: string | null } | null {
	if (seesDistrict(p)) return { ward: null };
	const ward = homeWard(p);
	return ward && can(p, 'ward:read', ward) ? { ward } : null;
}

/** Task-board documents: `board:district`, `board:ward:<code>`, `board:<id>` (district-level boards). */
function documentWard(docName: string): { ward: string | null; id: string } | null {
	const m = /^board:(?:ward:([a-z0-9-]+)|([A-Za-z0-9_.-]+))$/.exec(docName);
	if (!m) return null;
	return { ward: m[1] ?? null, id: m[2] ?? `ward:${m[1]}` };
}

/**
 * What a principal may do with a collaborative document: write, read, or nothing (null).
 *
 * `boardWard` is the ward a district-level board is about (`boards.ward_code`, a campaign for one
 * ward): that ward's people read and write it as they do their own ward's board, so a ward sees
 * the cards an inspection returns to it (a Yjs document syncs whole: cards cannot be hidden one by
 * one). A district-level board with no ward stays the district's.
 */
export function documentAccess(p: Principal, docName: string, boardWard: string | null = null): 'write' | 'read' | null {
	const doc = documentWard(docName);
	if (!doc) return null;
	if (doc.ward) {
		if (can(p, 'ward:write', doc.ward)) return 'write';
		if (can(p, 'ward:read', doc.ward)) return 'read';
		return null;
	}
	// District boards: written by the district (admin, district commander), read by district readers.
	if (p.kind === 'user' && (p.role === 'admin' || p.role === 'district_commander')) return 'write';
	// An inspector's own boards: it comments, ticks checklists and signs off (board-guard limits the rest).
	if (can(p, 'board:inspect', doc.id)) return 'write';
	if (boardWard && homeWard(p) === boardWard) {
		if (can(p, 'ward:write', boardWard)) return 'write';
		if (can(p, 'ward:read', boardWard)) return 'read';
	}
	if (p.kind !== 'api' && seesDistrict(p)) return 'read';
	return null;
}

/** How an actor is written into the audit log and next to every change. */
export function actorLabel(p: Principal): { kind: Principal['kind']; id: string | null; name: string } {
	switch (p.kind) {
		case 'user':
			return { kind: 'user', id: p.id, name: p.name || p.username };
		case 'kiosk':
			return { kind: 'kiosk', id: p.id, name: p.name };
		case 'api':
			return { kind: 'api', id: p.id, name: p.name };
		case 'system':
			return { kind: 'system', id: null, name: p.name };
	}
}

/** A stable key per principal: rooms, Yjs connection tags, revocation messages. */
export function principalKey(p: Principal): string {
	return p.kind === 'system' ? 'system' : keyOfPrincipal(p.kind, p.id);
}

/** The same key from a kind and an id, for a principal no longer at hand (revoking a user or a token). */
export function keyOfPrincipal(kind: 'user' | 'kiosk' | 'api', id: string): string {
	return `${kind}:${id}`;
}
