/** Validation of quarantine entries and of the facilities file. */
import { z } from 'zod';
import { optionalText, countInput } from './input.ts';
import { FACILITY_STATUS_LABELS } from '../i18n/labels.ts';
import {
	FACILITY_STATUSES,
	MOVEMENT_KINDS,
	PERSON_KINDS,
	checkTransition,
	type PersonKind,
	type FacilityStatus,
	type TransitionRefusal
} from '../domain/quarantine.ts';
import { formatCount } from '../domain/time.ts';
import { WARD_CODE_PATTERN, wardCode } from './district.ts';
import { enteredAtInput } from './entry-time.ts';
import { parseInstant } from '../domain/entry-time.ts';
import { fieldError, parseWith, type FieldError, type ParseResult } from './errors.ts';

const amount = countInput();

const movementInput = z.strictObject({
	kind: z.enum(MOVEMENT_KINDS, { error: 'invalid' }),
	/** People for admissions/discharges (≥ 1), the new bed count for a capacity change. */
	amount,
	note: z
		.string({ error: 'invalid' })
		.trim()
		.max(500, { error: 'too_long' })
		.nullish()
		.transform((v) => v || null),
	/** Admissions and discharges: who moved (F1 or F0) and from which ward — the F1 flow (issue 13 §4). Optional: null = not said. */
	personKind: z
		.enum(PERSON_KINDS, { error: 'invalid' })
		.nullish()
		.transform((v) => v ?? null),
	originWard: wardCode.nullish().transform((v) => v ?? null),
	enteredAt: enteredAtInput
});

/** *Nghiệm thu*: who inspected the site, when (an ISO instant, not in the future), what they found. */
const acceptanceInput = z.strictObject({
	inspectedBy: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(200, { error: 'too_long' }),
	inspectedAt: z
		.string({ error: 'required' })
		.max(40, { error: 'bad_time' })
		.refine((v) => parseInstant(v) !== null, { error: 'bad_time' }),
	note: optionalText(500)
});

const statusInput = z.strictObject({
	status: z.enum(FACILITY_STATUSES, { error: 'invalid' }),
	note: optionalText(500),
	/** *Số quyết định*: the decision a conversion to or from treating F0 is made under (free text). */
	decisionRef: optionalText(100),
	/** Required for preparing → ready (the state machine in domain/quarantine.ts says so). */
	acceptance: acceptanceInput.nullish().transform((v) => v ?? null),
	enteredAt: enteredAtInput
});

/**
 * An admission or discharge moves at least one person (a capacity change may set 0 beds). Checked
 * here, not in the service, so the tablet refuses it at once, before queueing, with the same words.
 * Whether the beds are there is for the server to say: the device's figures may be old.
 */
export function parseMovement(body: unknown): ParseResult<MovementInput> {
	const r = parseWith(movementInput, body);
	if (!r.ok) return r;
	if (r.value.kind !== 'capacity' && r.value.amount < 1) return { ok: false, errors: [fieldError('amount', 'invalid', 'ít nhất 1 người / at least 1')] };
	if (r.value.kind === 'capacity') {
		// A bed count moves no one: naming who moved would be a mistake the figures must not absorb.
		const named = (['personKind', 'originWard'] as const).filter((f) => r.value[f] !== null);
		if (named.length) return { ok: false, errors: named.map((f) => fieldError(f, 'invalid', 'chỉ khi nhận / cho về người / admissions and discharges only')) };
	}
	return r;
}

export const parseStatus = (body: unknown) => parseWith(statusInput, body);

/**
 * A refused status change as the field to fix and the rule's code: the one wording the API, the
 * form action and the tablet (which checks before it queues anything) all show.
 */
export function transitionFieldErrors(r: TransitionRefusal): FieldError[] {
	const label = (s: FacilityStatus) => FACILITY_STATUS_LABELS[s];
	switch (r.code) {
		case 'same_status':
			return [fieldError('status', 'same_status', label(r.status).vi)];
		case 'transition_not_allowed':
			return [fieldError('status', 'transition_not_allowed', `${label(r.from).vi} → ${label(r.to).vi} / ${label(r.from).en} → ${label(r.to).en}`)];
		case 'acceptance_required':
			return [fieldError('acceptance', 'acceptance_required')];
		case 'decision_required':
			return [fieldError('decisionRef', 'decision_required')];
		case 'district_role_required':
			return [fieldError('status', 'district_role_required')];
		case 'facility_not_empty':
			return [fieldError('status', 'facility_not_empty', `đang có ${formatCount(r.occupied)} người / ${r.occupied} in the facility`)];
	}
}

/**
 * The tablet's check before it queues a status change: the shape, then the same state machine the
 * server applies, against the facility as the device last saw it (the server decides again).
 */
export function parseStatusFor(body: unknown, facility: { status: FacilityStatus; occupied: number }, mayConvert: boolean): ParseResult<StatusInput> {
	const parsed = parseStatus(body);
	if (!parsed.ok) return parsed;
	const { status, decisionRef, acceptance } = parsed.value;
	const verdict = checkTransition(facility.status, status, { occupied: facility.occupied, mayConvert, decisionRef, acceptance });
	return verdict.ok ? parsed : { ok: false, errors: transitionFieldErrors(verdict.refusal) };
}

export const facilitiesFile = z.object({
	facilities: z
		.array(
			z.strictObject({
				code: z.string().regex(WARD_CODE_PATTERN).max(60),
				name: z.string().trim().min(1).max(200),
				wardCode: wardCode.nullable(),
				kind: z.string().trim().min(1).max(100),
				address: z.string().trim().max(200).optional(),
				status: z.enum(FACILITY_STATUSES),
				capacity: z.number().int().min(0),
				/** Opening occupancy, entered as an admission by the system at first load. */
				occupied: z.number().int().min(0).default(0),
				demo: z.boolean().default(false)
			})
		)
		.max(500)
});

export type FacilitiesFile = z.infer<typeof facilitiesFile>;
export type MovementInput = z.infer<typeof movementInput>;
export type StatusInput = z.infer<typeof statusInput>;

/** One line of a facility's history (`GET /api/quarantine/<code>/movements`, the tablet card). */
export interface MovementView {
	id: number;
	kind: string;
	amount: number | null;
	status: string | null;
	occupiedAfter: number;
	capacityAfter: number;
	note: string | null;
	actorName: string;
	at: string;
	/** When it was entered on the device (issue 11 §6); null on rows from before = at. */
	enteredAt: string | null;
	/** Status changes: the decision's number; preparing → ready: the acceptance inspection. */
	decisionRef: string | null;
	acceptance: { inspectedBy: string; inspectedAt: string; note: string | null } | null;
	/** Admissions and discharges (issue 13 §4): who moved and from which ward; null when not said. */
	personKind: PersonKind | null;
	originWard: string | null;
}
