/**
 * What crosses the boundary for social welfare (issue 14 §2): a ward's welfare report. The same
 * schema on the tablet (before an entry is queued) and on arrival. Every figure is optional, but a
 * report must give at least one; what each figure means is domain/welfare.ts.
 */
import { z } from 'zod';
import { WELFARE_FIELDS, type WelfareEntry } from '../domain/welfare.ts';
import { enteredAtInput } from './entry-time.ts';
import { parseWith } from './errors.ts';
import { countInput } from './input.ts';

/** The bound every count has (MAX_COUNT): one report never adds more. */
const figure = countInput().optional();
const strict = { error: (iss: { code: string }) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_body') };

const reportSchema = z
	.strictObject(
		{
			householdsSupported: figure,
			peopleSupported: figure,
			aidPackages: figure,
			cashPending: figure,
			cashPaid: figure,
			shelterTakenIn: figure,
			enteredAt: enteredAtInput
		},
		strict
	)
	// The device's own `enteredAt` is not a figure.
	.refine((v) => WELFARE_FIELDS.some((k) => v[k] !== undefined), { error: 'nothing_reported', path: [] });

export type WelfareReportInput = WelfareEntry & { enteredAt?: string };

export const parseWelfareReport = (body: unknown) => parseWith<WelfareReportInput>(reportSchema, body);
