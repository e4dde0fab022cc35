/** Validation of check-ins/outs and of the district's checkpoints file. */
import { z } from 'zod';
import { CHECKPOINT_KINDS, FORCES, checkDefinition } from '../domain/checkpoint.ts';
import { definitionRefusalMessage } from '../i18n/errors.ts';
import { WARD_CODE_PATTERN, wardCode } from './district.ts';
import { enteredAtInput } from './entry-time.ts';
import { parseWith } from './errors.ts';

const checkInInput = z.strictObject({
	personName: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(100, { error: 'too_long' }),
	/** ID-card (CCCD) or service number: 6–20 letters and digits. */
	personKey: z
		.string({ error: 'required' })
		.trim()
		.toUpperCase()
		.regex(/^[A-Z0-9]{6,20}$/, { error: 'bad_person_key' }),
	force: z.enum(FORCES, { error: 'invalid' }),
	enteredAt: enteredAtInput
});

const checkOutInput = z.strictObject({
	dutyId: z.number({ error: 'required' }).int({ error: 'invalid' }).min(1, { error: 'invalid' }),
	enteredAt: enteredAtInput
});

/** Closing (at its shift's end) or carrying over a check-in left open from an ended shift: which one, as for a check-out. */
const shiftEndInput = checkOutInput;

export const parseCheckIn = (body: unknown) => parseWith(checkInInput, body);
export const parseCheckOut = (body: unknown) => parseWith(checkOutInput, body);
export const parseShiftEnd = (body: unknown) => parseWith(shiftEndInput, body);

export const checkpointsFile = z.object({
	demo: z.boolean().default(false),
	checkpoints: z
		.array(
			z
				.strictObject({
					code: z.string().regex(WARD_CODE_PATTERN).max(60),
					name: z.string().trim().min(1).max(200),
					wardCode,
					kind: z.enum(CHECKPOINT_KINDS),
					leadUnit: z.string().trim().min(1).max(200),
					required: z.partialRecord(z.enum(FORCES), z.number().int().min(0).max(100))
				})
				// The directive's rule (seed 001 §4): a control checkpoint without police per shift is refused,
				// naming the checkpoint and the field.
				.superRefine((c, ctx) => {
					const r = checkDefinition(c);
					if (r) ctx.addIssue({ code: 'custom', path: r.field.split('.'), message: definitionRefusalMessage(c, r) });
				})
		)
		.max(2000)
});

export type CheckpointsFile = z.infer<typeof checkpointsFile>;
