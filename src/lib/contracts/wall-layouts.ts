/**
 * Validation of saved wall layouts at every boundary (form actions, JSON API). zod checks the
 * shape; the playlist itself goes through the domain's playlist parser (checkLayoutPlaylist), the
 * same one that reads `?views=` — so a saved layout and a TV link can never disagree on a view.
 */
import { z } from 'zod';
import { fieldError, fieldErrorsFrom, type FieldError } from './errors.ts';
import { MAX_ITEMS } from '../domain/playlist.ts';
import { checkLayoutPlaylist, LAYOUT_SLUG_MAX, LAYOUT_SLUG_PATTERN, LAYOUT_TITLE_MAX, type LayoutProblem, type WallLayout } from '../domain/wall-layout.ts';

const layoutSlug = z
	.string({ error: 'required' })
	.trim()
	.min(1, { error: 'required' })
	.max(LAYOUT_SLUG_MAX, { error: 'bad_slug' })
	.regex(LAYOUT_SLUG_PATTERN, { error: 'bad_slug' });

const fields = {
	title: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(LAYOUT_TITLE_MAX, { error: 'too_long' }),
	/** The URL's form ("overview:30,quarantine:20") or items; the domain parser reads either. */
	views: z.union(
		[
			z.string().max(2000, { error: 'too_long' }),
			z.array(z.strictObject({ view: z.string().max(40), seconds: z.union([z.number(), z.string().max(20)]).nullish() })).max(MAX_ITEMS, { error: 'too_long' })
		],
		{ error: 'invalid' }
	),
	/** A view that stays on screen; empty or null = rotate. */
	pin: z.string({ error: 'invalid' }).trim().max(40).nullish()
};

const layoutCreateInput = z.strictObject({ slug: layoutSlug, ...fields });
/** The slug is the layout's identity (TVs' links carry it): it is not edited. */
const layoutUpdateInput = z.strictObject(fields);

export type LayoutValues = Pick<WallLayout, 'title' | 'views' | 'pin'>;

function problemError(p: LayoutProblem): FieldError {
	if (p.field === 'pin') return fieldError('pin', 'unknown_view', `«${p.view}»`);
	if (!('index' in p)) {
		return p.code === 'required' ? fieldError('views', 'required') : fieldError('views', 'too_long', `tối đa ${MAX_ITEMS} mục / at most ${MAX_ITEMS} items`);
	}
	const what = `mục ${p.index + 1} «${p.view}${p.seconds === null ? '' : `:${p.seconds}`}» / item ${p.index + 1}`;
	return fieldError('views', p.code, what);
}

/**
 * A layout body → its values, or every field error at once (nothing is saved on any of them).
 * `withSlug`: creation, where the slug is part of the body.
 */
export function parseLayout(body: unknown, withSlug: true): { ok: true; value: LayoutValues & { slug: string } } | { ok: false; errors: FieldError[] };
export function parseLayout(body: unknown, withSlug: false): { ok: true; value: LayoutValues } | { ok: false; errors: FieldError[] };
export function parseLayout(body: unknown, withSlug: boolean) {
	const r = (withSlug ? layoutCreateInput : layoutUpdateInput).safeParse(body);
	if (!r.success) return { ok: false, errors: fieldErrorsFrom(r.error.issues) };
	const playlist = checkLayoutPlaylist(r.data.views, r.data.pin ?? null);
	if (!playlist.ok) return { ok: false, errors: playlist.problems.map(problemError) };
	const value: LayoutValues = { title: r.data.title, views: playlist.views, pin: playlist.pin };
	return { ok: true, value: 'slug' in r.data ? { slug: r.data.slug as string, ...value } : value };
}

/** A kiosk's default layout: a slug, or empty/null for the default playlist. */
export const kioskLayoutInput = z.strictObject({
	layoutSlug: z
		.union([z.literal(''), layoutSlug])
		.nullish()
		.transform((v) => v || null)
});
