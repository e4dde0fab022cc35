/**
 * The live protocol shared by the server and every wall/tablet: one typed event contract.
 *
 * Every committed change writes an event row with a monotonically increasing `seq` in the same
 * transaction (transactional outbox). Clients keep the last seq they applied; on (re)connect they
 * `live:resume` from it and get either the missed events or a fresh snapshot. A gap in seq also
 * triggers a resume. Event names are `concept:verb`, past tense for facts.
 */
import { z } from 'zod';

export type * from '../domain/live.ts';
import type { LiveEvent, LiveSnapshot } from '../domain/live.ts';

export const resumeRequest = z.strictObject({
	/** Last seq the client applied, or null for "I have nothing". */
	since: z.number().int().min(0).nullable()
});
type ResumeRequest = z.infer<typeof resumeRequest>;

export type ResumeReply =
	{ mode: 'events'; events: LiveEvent[]; seq: number } | { mode: 'snapshot'; snapshot: LiveSnapshot } | { mode: 'error'; message: string };

export interface ServerToClientEvents {
	/** A committed change, in seq order per publisher (a gap means: resume). */
	'live:event': (event: LiveEvent) => void;
	/** This connection's access ended (kiosk revoked, account disabled, signed out, password changed elsewhere, session expired). */
	'access:ended': (info: { reason: 'revoked' | 'disabled' | 'signed_out' | 'password_reset' | 'password_changed' | 'expired' }) => void;
}

export interface ClientToServerEvents {
	/** Ask for what was missed since `since` (or a snapshot). */
	'live:resume': (request: ResumeRequest, ack: (reply: ResumeReply) => void) => void;
}

/** The room every district-wide reader joins. */
export const DISTRICT_ROOM = 'district';
/** The room of readers limited to one ward. */
export const wardRoom = (code: string) => `ward:${code}`;
