/** Validation of stock entries and of the district's stock file. */
import { z } from 'zod';
import { countInput, optionalText as text } from './input.ts';
import { DESTINATION_KINDS } from '../domain/stock.ts';
import { MAX_COUNT } from '../domain/cases.ts';
import { WARD_CODE_PATTERN, wardCode } from './district.ts';
import { enteredAtInput } from './entry-time.ts';
import { parseWith } from './errors.ts';

const slug = z.string().regex(WARD_CODE_PATTERN).max(60);
const quantity = countInput(1);
const item = z.string({ error: 'required' }).regex(WARD_CODE_PATTERN, { error: 'unknown_item' }).max(60, { error: 'unknown_item' });

const receiptInput = z.strictObject({ item, quantity, supplier: text(200), note: text(500), enteredAt: enteredAtInput });
const issueInput = z
	.strictObject({
		item,
		quantity,
		destinationKind: z.enum(DESTINATION_KINDS, { error: 'invalid' }),
		destination: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(200, { error: 'too_long' }),
		/**
		 * An issue to households may name the ward whose households receive it (issue 14 §2: it counts
		 * toward that ward's aid packages); absent, a ward warehouse's issue counts for its own ward.
		 * The service checks the ward is the district's.
		 */
		destinationWard: z.string().regex(WARD_CODE_PATTERN, { error: 'unknown_ward' }).max(60, { error: 'unknown_ward' }).nullable().optional(),
		/**
		 * An issue to households may say how many household aid packages it made up ("số suất quà /
		 * phần hỗ trợ"): only these count toward the ward's aid packages — the quantity is in the
		 * item's unit (900 kg of rice is not 900 packages). Absent: 0 packages.
		 */
		packages: countInput().nullable().optional(),
		note: text(500),
		enteredAt: enteredAtInput
	})
	.refine((v) => v.destinationWard == null || v.destinationKind === 'households', { error: 'households_only', path: ['destinationWard'] })
	.refine((v) => v.packages == null || v.destinationKind === 'households', { error: 'households_only', path: ['packages'] });
const transferInput = z.strictObject({
	item,
	quantity,
	to: z.string({ error: 'required' }).regex(WARD_CODE_PATTERN, { error: 'unknown_warehouse' }).max(60, { error: 'unknown_warehouse' }),
	note: text(500),
	enteredAt: enteredAtInput
});

export const parseReceipt = (body: unknown) => parseWith(receiptInput, body);
export const parseIssue = (body: unknown) => parseWith(issueInput, body);
export const parseTransfer = (body: unknown) => parseWith(transferInput, body);

export const stockFile = z.object({
	districtWarehouse: z.strictObject({ code: slug, name: z.string().trim().min(1).max(200) }),
	/** Ward warehouses are named from this pattern ("{ward}" = the ward's name), code = ward code. */
	wardWarehouseName: z.string().trim().min(1).max(200),
	items: z
		.array(
			z.strictObject({ code: slug, name: z.string().trim().min(1).max(100), unit: z.string().trim().min(1).max(30), minDays: z.number().int().min(0).max(365) })
		)
		.min(1)
		.max(200),
	/** Opening stock, entered once as receipts by the system (never typed into a balance). */
	opening: z
		.array(
			z.strictObject({
				warehouse: z.union([slug, wardCode]),
				item: slug,
				quantity: z.number().int().min(1).max(MAX_COUNT),
				issuedPerDay: z.number().int().min(0).max(MAX_COUNT).default(0)
			})
		)
		.default([]),
	demo: z.boolean().default(false)
});

export type StockFile = z.infer<typeof stockFile>;
