import { error } from '@sveltejs/kit';
import { calendarDay } from '$lib/contracts/input';
import { loadDutyPage, planAction } from '$lib/server/duty-page';
import type { Actions, PageServerLoad } from './$types';

/** A ward's duty roster (issue 14 §1): `?date=yyyy-MM-dd`, default today. */
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const ward = locals.runtime.services.district.ward(params.code);
	if (!ward) error(404, { message: 'Không tìm thấy phường', messageEn: 'Unknown ward' });
	const date = url.searchParams.get('date');
	if (date !== null && !calendarDay.safeParse(date).success) error(404, { message: 'Ngày không hợp lệ', messageEn: 'Not a calendar day' });
	return { ...(await loadDutyPage(locals, ward.code, date)), ward };
};

export const actions: Actions = { plan: planAction };
