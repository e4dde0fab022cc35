/**
 * What crosses the boundary for inspections: `POST /api/boards/<id>/inspections` and the query of
 * the lists. Shapes only; which card, whose board and the rules between a conclusion and its
 * findings (domain/inspections) are the service's.
 */
import { z } from 'zod';
import { CONCLUSIONS, FINDINGS_MAX, findingsRequired } from '../domain/inspections.ts';
import { WARD_CODE_PATTERN } from './district.ts';
import { isStorableText } from './input.ts';

export type * from '../domain/inspections.ts';

const strict = { error: (iss: { code: string }) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_body') };

export const inspectionInput = z
	.strictObject(
		{
			/** The card inspected (its id in the board's document). */
			card: z
				.string({ error: 'unknown_card' })
				.regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'unknown_card' })
				.nullish(),
			/** Without a card: the ward whose readiness was inspected. With one, it must be the card's (or absent). */
			ward: z.string({ error: 'unknown_ward' }).max(40, { error: 'unknown_ward' }).regex(WARD_CODE_PATTERN, { error: 'unknown_ward' }).nullish(),
			conclusion: z.enum(CONCLUSIONS, { error: (iss) => (iss.input === undefined ? 'required' : 'unknown_conclusion') }),
			findings: z
				.string({ error: 'invalid' })
				.trim()
				.max(FINDINGS_MAX, { error: 'too_long' })
				.refine(isStorableText, { error: 'bad_text' })
				.nullish()
				.transform((v) => v ?? '')
		},
		strict
	)
	.superRefine((v, ctx) => {
		if (!v.card && !v.ward) ctx.addIssue({ code: 'custom', path: ['card'], message: 'subject_required' });
		if (findingsRequired(v.conclusion) && v.findings === '') ctx.addIssue({ code: 'custom', path: ['findings'], message: 'required' });
	})
	.transform((v) => ({ card: v.card ?? null, ward: v.ward ?? null, conclusion: v.conclusion, findings: v.findings }));
