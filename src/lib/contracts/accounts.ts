/** Validation of sign-in, accounts and tokens at every boundary (forms and JSON). */
import { z } from 'zod';
import { ROLES } from '../domain/access.ts';
import { fieldErrorsFrom, type FieldError } from './errors.ts';
import { WARD_CODE_PATTERN } from './district.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../domain/password.ts';

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9.-]{2,39}$/;

/** Length only: the whole rule (strength, username) needs the person, so the service applies passwordProblem. */
const password = z.string({ error: 'required' }).min(PASSWORD_MIN, { error: 'password_too_short' }).max(PASSWORD_MAX, { error: 'too_long' });
const wardCode = z.string().regex(WARD_CODE_PATTERN, { error: 'unknown_ward' });
/** An inspector's campaign boards (whether each exists and is a campaign board is the service's question). */
const inspectorBoards = z
	.array(
		z
			.string()
			.max(64, { error: 'unknown_board' })
			.regex(/^[A-Za-z0-9_.-]+$/, { error: 'unknown_board' }),
		{ error: 'invalid' }
	)
	.max(50, { error: 'too_long' })
	.nullish()
	.transform((b) => [...new Set(b ?? [])]);
const wardRole = (role: string) => role === 'ward_commander' || role === 'ward_staff';

export const signInInput = z.object({
	username: z.string({ error: 'required' }).trim().toLowerCase().min(1, { error: 'required' }).max(100, { error: 'too_long' }),
	password: z.string({ error: 'required' }).min(1, { error: 'required' }).max(200, { error: 'too_long' })
});

export const userCreateInput = z
	.object({
		username: z.string({ error: 'required' }).trim().toLowerCase().regex(USERNAME_PATTERN, { error: 'bad_username' }),
		displayName: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(100, { error: 'too_long' }),
		role: z.enum(ROLES, { error: 'unknown_role' }),
		wardCode: wardCode.nullish().transform((v) => v || null),
		boards: inspectorBoards
	})
	.superRefine((u, ctx) => {
		if (wardRole(u.role) && !u.wardCode) ctx.addIssue({ code: 'custom', path: ['wardCode'], message: 'ward_required' });
	})
	// A ward belongs to ward roles only, boards to inspectors only.
	.transform((u) => ({ ...u, wardCode: wardRole(u.role) ? u.wardCode : null, boards: u.role === 'inspector' ? u.boards : [] }));

export const userUpdateInput = z
	.object({
		displayName: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'too_long' }),
		role: z.enum(ROLES, { error: 'unknown_role' }),
		wardCode: wardCode.nullish().transform((v) => v || null),
		boards: inspectorBoards
	})
	.superRefine((u, ctx) => {
		if (wardRole(u.role) && !u.wardCode) ctx.addIssue({ code: 'custom', path: ['wardCode'], message: 'ward_required' });
	})
	// A ward belongs to ward roles only, boards to inspectors only.
	.transform((u) => ({ ...u, wardCode: wardRole(u.role) ? u.wardCode : null, boards: u.role === 'inspector' ? u.boards : [] }));

export const passwordChangeInput = z
	.object({
		current: z.string({ error: 'required' }).min(1, { error: 'required' }),
		next: password,
		confirm: z.string({ error: 'required' })
	})
	.superRefine((p, ctx) => {
		if (p.next !== p.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'passwords_differ' });
	});

export const kioskCreateInput = z.object({
	name: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(100, { error: 'too_long' })
});

export const apiTokenCreateInput = z.object({
	name: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(100, { error: 'too_long' }),
	access: z.enum(['read', 'write'], { error: 'invalid' }),
	/** Empty or missing = every ward. */
	wards: z
		.array(wardCode)
		.max(200)
		.nullish()
		.transform((w) => (w && w.length ? [...new Set(w)] : null))
});

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Parses with any of the schemas above into a value or FieldErrors. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
	const r = schema.safeParse(input);
	return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrorsFrom(r.error.issues) };
}
