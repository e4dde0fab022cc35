import { error } from '@sveltejs/kit';
import { calendarDay } from '$lib/contracts/input';
import { DISTRICT_UNIT } from '$lib/domain/duty';
import { loadDutyPage, planAction } from '$lib/server/duty-page';
import type { Actions, PageServerLoad } from './$types';

/** The district's roster editor (issue 14 §1): `?unit=district|<ward>&date=yyyy-MM-dd`, default the district's post, today. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const unit = url.searchParams.get('unit') || DISTRICT_UNIT;
	const date = url.searchParams.get('date');
	if (date !== null && !calendarDay.safeParse(date).success) error(404, { message: 'Ngày không hợp lệ', messageEn: 'Not a calendar day' });
	return { ...(await loadDutyPage(locals, unit, date)), ward: null };
};

export const actions: Actions = { plan: planAction };
