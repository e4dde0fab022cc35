/**
 * The run-time registry (issue 11 §3): what admin and district commanders send to add, edit and
 * retire facilities, warehouses and items, and to set the district's bed target. The district's
 * data files only seed an empty database; after that, these are the only way the lists change.
 */
import { z } from 'zod';
import { optionalText, countInput, MAX_DATABASE_ID } from './input.ts';
import { CHECKPOINT_KINDS, FORCES, checkDefinition } from '../domain/checkpoint.ts';
import { WARD_CODE_PATTERN } from './district.ts';
import { parseWith } from './errors.ts';

/** A code is the permanent name in URLs and history: a slug, never reused once taken. */
const registryCode = z.string({ error: 'required' }).regex(WARD_CODE_PATTERN, { error: 'bad_code' }).max(60, { error: 'bad_code' });
const name = (max: number) => z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(max, { error: 'too_long' });
/** A ward's code, or null for the district's own; whether the ward exists is the service's check. */
const owner = z.string({ error: 'unknown_ward' }).regex(WARD_CODE_PATTERN, { error: 'unknown_ward' }).max(40, { error: 'unknown_ward' }).nullable();
const count = (min: number) => countInput(min);
/** An edit must change something: an empty body is refused rather than audited as a no-op. */
const someField = (v: object) => Object.values(v).some((x) => x !== undefined);
const nothing = { error: 'nothing_to_change', path: [] as string[] };

/** A new facility starts *đang chuẩn bị* with no one inside: it receives after its acceptance. */
const facilityCreate = z.strictObject({
	code: registryCode,
	name: name(200),
	wardCode: owner,
	kind: name(100),
	address: optionalText(200),
	capacity: count(0),
	demo: z.boolean({ error: 'invalid' }).default(false)
});
/** Beds and status move only by entries (movements, the state machine); the owner never changes. */
const facilityEdit = z
	.strictObject({ name: name(200).optional(), kind: name(100).optional(), address: optionalText(200).optional() })
	.refine(someField, nothing);

const warehouseCreate = z.strictObject({ code: registryCode, name: name(200), wardCode: owner });
const warehouseEdit = z.strictObject({ name: name(200).optional() }).refine(someField, nothing);

const itemCreate = z.strictObject({
	code: registryCode,
	name: name(100),
	unit: name(30),
	minDays: z
		.number({ error: (iss) => (iss.input === undefined ? 'required' : 'not_number') })
		.int({ error: 'not_integer' })
		.min(0, { error: 'negative' })
		.max(365, { error: 'too_large' })
});
const itemEdit = z
	.strictObject({
		name: name(100).optional(),
		unit: name(30).optional(),
		minDays: z.number({ error: 'not_number' }).int({ error: 'not_integer' }).min(0, { error: 'negative' }).max(365, { error: 'too_large' }).optional()
	})
	.refine(someField, nothing);

/** People required per shift by force (0–100 each). */
const required = z.partialRecord(
	z.enum(FORCES, { error: 'invalid' }),
	z.number({ error: 'not_number' }).int({ error: 'not_integer' }).min(0, { error: 'negative' }).max(100, { error: 'too_large' })
);
/** The directive's rule on a definition (domain/checkpoint checkDefinition), as a field error. */
const policeRule = (c: { kind?: string; required?: Record<string, number | undefined> }, ctx: z.RefinementCtx) => {
	if (c.kind === undefined || c.required === undefined) return;
	const r = checkDefinition({ kind: c.kind, required: c.required as Record<string, number> });
	if (r) ctx.addIssue({ code: 'custom', path: r.field.split('.'), message: r.code });
};
/**
 * The blockade a checkpoint inside a blockaded area names (issue 13 §1), by its database id; null:
 * none. Whether it exists, is the ward's and is active is the service's check (domain checkBlockadeLink).
 */
const blockadeId = z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'invalid' }).max(MAX_DATABASE_ID, { error: 'invalid' }).nullable();
/** A checkpoint belongs to one ward; the police rule holds from its first definition on. */
const checkpointCreate = z
	.strictObject({
		code: registryCode,
		name: name(200),
		wardCode: owner.unwrap(),
		kind: z.enum(CHECKPOINT_KINDS, { error: 'invalid' }),
		leadUnit: name(200),
		required,
		blockadeId: blockadeId.default(null)
	})
	.superRefine(policeRule);
/** Who is required and who leads may change; the ward does not (its history is the ward's). */
const checkpointEdit = z
	.strictObject({
		name: name(200).optional(),
		kind: z.enum(CHECKPOINT_KINDS, { error: 'invalid' }).optional(),
		leadUnit: name(200).optional(),
		required: required.optional(),
		// Absent: unchanged; null: no longer linked.
		blockadeId: blockadeId.optional()
	})
	.refine(someField, nothing);

/** Retiring keeps the history and takes it out of every total; the reason is audited. */
const retireInput = z.strictObject({ reason: name(500) });

/** The district's target of quarantine beds (null: none); the wall shows "x / target". */
const bedTargetInput = z.strictObject({ quarantineBedTarget: count(1).nullable() });

export const parseFacilityCreate = (b: unknown) => parseWith(facilityCreate, b);
export const parseFacilityEdit = (b: unknown) => parseWith(facilityEdit, b);
export const parseWarehouseCreate = (b: unknown) => parseWith(warehouseCreate, b);
export const parseWarehouseEdit = (b: unknown) => parseWith(warehouseEdit, b);
export const parseItemCreate = (b: unknown) => parseWith(itemCreate, b);
export const parseItemEdit = (b: unknown) => parseWith(itemEdit, b);
export const parseRetire = (b: unknown) => parseWith(retireInput, b);
export const parseCheckpointCreate = (b: unknown) => parseWith(checkpointCreate, b);
export const parseCheckpointEdit = (b: unknown) => parseWith(checkpointEdit, b);
export const parseBedTarget = (b: unknown) => parseWith(bedTargetInput, b);
