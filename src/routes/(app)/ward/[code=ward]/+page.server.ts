import { error, fail } from '@sveltejs/kit';
import { CASE_COUNT_FIELDS, DAY_FIELDS, isFromToday } from '$lib/domain/cases';
import { caseReportBody } from '$lib/contracts/forms';
import { ForbiddenError, NotFoundError, ShuttingDownError, ValidationError } from '$lib/server/errors';
import { actionFailure, principalOf, formRefused, readForm } from '$lib/server/http';
import { can } from '$lib/domain/access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { district, cases } = locals.runtime.services;
	const ward = district.ward(params.code);
	if (!ward) error(404, { message: `Không có phường "${params.code}"`, messageEn: `Unknown ward "${params.code}"` });
	const me = principalOf(locals);
	const history = await cases.history(me, ward.code, 10);
	const latest = history[0] ?? null;
	// Pre-fill what is still true: state figures always, day figures only from today's report.
	const prefill: Record<string, string> = {};
	if (latest) {
		const today = isFromToday(latest, new Date());
		for (const f of CASE_COUNT_FIELDS) {
			if (today || !DAY_FIELDS.includes(f)) prefill[f] = String(latest[f]);
		}
		prefill.zone = latest.zone;
	}
	return { ward, district: district.view, history, prefill, canWrite: can(me, 'ward:write', ward.code) };
};

export const actions: Actions = {
	default: async ({ params, request, locals }) => {
		const form = await readForm(request);
		if (formRefused(form)) return form;
		const values: Record<string, string> = {};
		for (const [k, v] of form) if (typeof v === 'string') values[k] = v;
		try {
			// The key is made by the page when it renders: a double tap or a resent form is saved once.
			const report = await locals.runtime.services.cases.report(principalOf(locals), params.code, caseReportBody(form), 'form', values.idempotencyKey);
			return { saved: report };
		} catch (err) {
			if (err instanceof ValidationError) return fail(400, { errors: err.errors, values });
			if (err instanceof ForbiddenError) error(403, { message: 'Bạn không có quyền báo cáo cho phường này', messageEn: 'You may not report for this ward' });
			if (err instanceof NotFoundError) error(404, { message: 'Không tìm thấy phường', messageEn: 'Unknown ward' });
			if (err instanceof ShuttingDownError) {
				return fail(503, { errors: [], values, unavailable: true });
			}
			return actionFailure(err, { values });
		}
	}
};
