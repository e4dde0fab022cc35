/** The words of refusals: each field error code's message, and those that name more than a field (the domain gives the code and the facts). */
import type { FieldErrorCode } from '../contracts/errors.ts';
import type { DefinitionRefusal } from '../domain/checkpoint.ts';
import { PASSWORD_MIN } from '../domain/password.ts';
import { MAX_SECONDS, MIN_SECONDS, WALL_VIEWS } from '../domain/playlist.ts';
import { MAX_OFFICERS, MAX_PLAN_AHEAD_DAYS, SHIFT_NUMBERS } from '../domain/duty.ts';
import { CHECKPOINT_KIND_LABELS } from './labels.ts';

const MAX_COUNT_TEXT = '10.000.000';

/** Each field error code's words, Vietnamese then English (contracts/errors fieldError uses them). */
export const FIELD_ERROR_MESSAGES: Record<FieldErrorCode, [vi: string, en: string]> = {
	required: ['Bắt buộc nhập', 'Required'],
	not_number: ['Phải là một số', 'Must be a number'],
	not_integer: ['Phải là số nguyên', 'Must be a whole number'],
	negative: ['Không được là số âm', 'Must not be negative'],
	too_large: [`Quá lớn (tối đa ${MAX_COUNT_TEXT})`, 'Too large (at most 10,000,000)'],
	unknown_zone: ['Cấp độ vùng không hợp lệ', 'Unknown zone level'],
	positives_exceed_samples: ['Số mẫu dương tính không được lớn hơn số mẫu xét nghiệm', 'Positives cannot exceed samples tested'],
	too_long: ['Quá dài', 'Too long'],
	unknown_field: ['Trường không được hỗ trợ', 'Unknown field'],
	invalid_body: ['Nội dung phải là một đối tượng JSON', 'The body must be a JSON object'],
	invalid: ['Giá trị không hợp lệ', 'Invalid value'],
	username_taken: ['Tên đăng nhập đã có người dùng', 'Username already taken'],
	bad_username: [
		'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang (3–40 ký tự)',
		'Usernames are 3–40 lower-case letters, digits, dots or dashes'
	],
	password_too_short: [`Mật khẩu phải có ít nhất ${PASSWORD_MIN} ký tự`, `Passwords need at least ${PASSWORD_MIN} characters`],
	password_all_digits: ['Mật khẩu không được chỉ gồm chữ số', 'A password cannot be all digits'],
	password_contains_username: ['Mật khẩu không được chứa tên đăng nhập', 'A password cannot contain the username'],
	password_common: [
		'Mật khẩu quá dễ đoán (từ phổ biến, dãy phím, năm sinh…): hãy dùng một cụm vài từ',
		'Too easy to guess (common word, keyboard run, year…): use a phrase of several words'
	],
	passwords_differ: ['Hai lần nhập mật khẩu không khớp', 'The two passwords differ'],
	ward_required: ['Vai trò cấp phường phải gắn với một phường', 'Ward roles need a ward'],
	unknown_ward: ['Không có phường này', 'Unknown ward'],
	unknown_role: ['Vai trò không hợp lệ', 'Unknown role'],
	unknown_view: [`Không có màn hình này (có: ${WALL_VIEWS.join(', ')})`, `Unknown view (known: ${WALL_VIEWS.join(', ')})`],
	seconds_out_of_range: [
		`Thời gian hiển thị phải là số giây nguyên từ ${MIN_SECONDS} đến ${MAX_SECONDS}`,
		`Display time must be whole seconds from ${MIN_SECONDS} to ${MAX_SECONDS}`
	],
	bad_slug: [
		'Mã bố cục chỉ gồm chữ thường không dấu, số và dấu gạch ngang (tối đa 40 ký tự)',
		'Layout slugs are lower-case letters, digits and dashes (at most 40 characters)'
	],
	slug_taken: ['Đã có bố cục với mã này', 'A layout with this slug already exists'],
	unknown_layout: ['Không có bố cục này', 'Unknown wall layout'],
	layout_in_use: ['Bố cục đang được màn hình (kiosk) dùng làm mặc định', 'The layout is the default of a wall display (kiosk)'],
	over_capacity: ['Vượt quá số giường trống', 'More than the free beds'],
	below_zero: ['Nhiều hơn số người đang cách ly', 'More than the people in the facility'],
	capacity_below_occupied: ['Số giường không được ít hơn số người đang cách ly', 'Capacity cannot be below the people in the facility'],
	not_receiving: ['Cơ sở đang chuẩn bị hoặc đã đóng, không tiếp nhận người', 'The facility is being prepared or is closed and takes no admissions'],
	not_positive: ['Phải lớn hơn 0', 'Must be at least 1'],
	not_enough_stock: ['Không đủ hàng trong kho', 'Not enough in stock'],
	unknown_item: ['Không có mặt hàng này', 'Unknown item'],
	unknown_warehouse: ['Không có kho này', 'Unknown warehouse'],
	same_warehouse: ['Kho nhận phải khác kho xuất', 'The receiving warehouse must differ from the source'],
	bad_person_key: ['Số CCCD hoặc số hiệu: 6–20 chữ và số', 'ID-card or service number: 6–20 letters and digits'],
	already_on_duty: ['Người này đang trực ở một chốt khác', 'This person is on duty at another checkpoint'],
	already_checked_out: ['Ca trực này đã kết thúc', 'This duty has already ended'],
	bad_board_id: ['Mã bảng: 2–48 chữ thường không dấu, số, gạch ngang', 'Board id: 2–48 lower-case letters, digits or dashes'],
	board_id_taken: ['Mã bảng này đã được dùng', 'This board id is taken'],
	unknown_card: ['Không có thẻ công việc này', 'Unknown card'],
	unknown_column: ['Không có cột này', 'Unknown column'],
	bad_text: ['Có ký tự không lưu được (ký tự NUL hoặc ký tự UTF-16 lẻ)', 'Contains a character that cannot be stored (NUL or a lone UTF-16 surrogate)'],
	too_deep: ['Dữ liệu lồng nhau quá sâu', 'Nested too deeply'],
	repeated: ['Chỉ được gửi một lần', 'Given more than once'],
	bad_day: ['Ngày không có thật (định dạng yyyy-MM-dd, năm 0001–9999)', 'Not a calendar day (yyyy-MM-dd, years 0001–9999)'],
	limit_out_of_range: ['Số dòng phải từ 1 đến 500', 'Limit must be from 1 to 500'],
	balance_too_large: ['Số tồn kho sau khi nhập vượt quá giới hạn lưu trữ', 'The resulting balance would exceed what can be stored'],
	bad_time: [
		'Thời điểm không hợp lệ (ISO 8601 có múi giờ, ví dụ 2021-08-01T23:58:00+07:00)',
		'Not a valid time (ISO 8601 with a zone, e.g. 2021-08-01T23:58:00+07:00)'
	],
	entered_in_future: [
		'Thời điểm nhập muộn hơn giờ máy chủ quá 5 phút: hãy kiểm tra đồng hồ của máy',
		'Entered more than 5 minutes after the server’s time: check the device’s clock'
	],
	entered_too_old: [
		'Mục này được nhập cách đây quá 48 giờ, máy chủ không nhận: hãy nhập lại số liệu hiện tại',
		'Entered more than 48 hours ago, the server does not take it: enter the current figures again'
	],
	same_status: ['Khu cách ly đã ở trạng thái này', 'The facility already has this status'],
	transition_not_allowed: ['Không được chuyển trực tiếp giữa hai trạng thái này', 'This status change is not allowed'],
	acceptance_required: [
		'Cần biên bản nghiệm thu (người kiểm tra, thời điểm) trước khi sẵn sàng tiếp nhận',
		'An acceptance inspection (who inspected, when) is needed before the facility is ready'
	],
	decision_required: [
		'Chuyển đổi công năng sang/khỏi điều trị F0 cần số quyết định của cấp có thẩm quyền',
		'Converting to or from treating F0 needs the number of the decision'
	],
	district_role_required: ['Chỉ chỉ huy cấp quận mới được chuyển đổi công năng khu cách ly', 'Only the district command may convert a facility'],
	facility_not_empty: [
		'Khu cách ly còn người: không thể đóng hoặc chuyển về đang chuẩn bị',
		'People are still in the facility: it cannot be closed or set back to being prepared'
	],
	bad_code: [
		'Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang (tối đa 60 ký tự), ví dụ "truong-th-kim-ma"',
		'Codes are lower-case letters, digits and dashes (at most 60 characters), e.g. "truong-th-kim-ma"'
	],
	code_taken: [
		'Mã này đã được dùng (kể cả nơi đã ngừng sử dụng): mã không bao giờ dùng lại',
		'This code is taken (also by something retired): codes are never reused'
	],
	retired: ['Đã ngừng sử dụng: chỉ còn lịch sử', 'Retired: only its history remains'],
	warehouse_not_empty: ['Kho còn hàng: hãy điều chuyển hết trước khi ngừng sử dụng', 'The warehouse still holds stock: transfer it out before retiring'],
	item_in_stock: ['Mặt hàng còn tồn trong kho: hãy cấp phát hoặc điều chuyển hết trước', 'The item is still in stock somewhere: issue or move it first'],
	checkpoint_staffed: ['Chốt còn người đang trực: hãy kết thúc ca trước', 'People are on duty at the checkpoint: end their duty first'],
	nothing_to_change: ['Không có gì để thay đổi', 'Nothing to change'],
	nothing_reported: ['Chưa nhập số liệu nào: hãy nhập ít nhất một ô', 'Nothing reported: fill in at least one figure'],
	households_only: ['Chỉ ghi phường nhận khi cấp phát cho hộ dân', 'A destination ward is given only for an issue to households'],
	police_required: [
		'Chốt kiểm soát (ranh giới, trục đường chính, khu phong tỏa) phải có ít nhất 1 công an mỗi ca — lực lượng công an là nòng cốt',
		'A control checkpoint (border, main road, blockade) needs at least 1 police officer per shift — police are the core force'
	],
	shift_not_ended: [
		'Ca của lượt trực này chưa kết thúc: dùng "Kết thúc ca" để cho người này ra về',
		"This check-in's shift has not ended: check the person out instead"
	],
	blockade_lifted: [
		'Khu phong tỏa đã được gỡ: chỉ còn lịch sử, không sửa, không thêm đợt xét nghiệm',
		'The blockade has been lifted: only its history remains'
	],
	households_exceed_people: ['Số hộ không thể lớn hơn số người', 'Households cannot outnumber people'],
	round_exceeds_plan: [
		'Lần xét nghiệm không thể vượt quá tổng số lần dự kiến (lần n/m: n ≤ m)',
		'The round cannot be past the planned number of rounds (n of m: n ≤ m)'
	],
	round_out_of_order: ['Các lần xét nghiệm được ghi lần lượt; lần tiếp theo là', 'Rounds are recorded in order; the next one is'],
	round_before_start: ['Ngày lấy mẫu trước ngày bắt đầu phong tỏa', 'The samples were taken before the blockade started'],
	round_in_future: ['Ngày lấy mẫu chưa đến', 'The sampling day is in the future'],
	started_in_future: ['Thời điểm bắt đầu phong tỏa chưa đến', 'The blockade cannot start in the future'],
	not_blockade_checkpoint: [
		'Chỉ chốt trong khu phong tỏa mới gắn với một khu phong tỏa: bỏ chọn khu phong tỏa hoặc đổi loại chốt',
		'Only a checkpoint inside a blockaded area names its blockade: clear the blockade or change the kind'
	],
	unknown_blockade: ['Không có khu phong tỏa này', 'Unknown blockade'],
	blockade_other_ward: [
		'Khu phong tỏa thuộc phường khác: chốt chỉ gắn với khu phong tỏa của phường mình',
		"The blockade is another ward's: a checkpoint names a blockade of its own ward"
	],
	blockade_already_lifted: ['Khu phong tỏa đã được gỡ: không gắn chốt mới vào khu đã gỡ', 'The blockade has been lifted: no checkpoint is newly linked to it'],
	unknown_board: ['Không có bảng kiểm tra này (chỉ giao bảng của đợt kiểm tra)', 'Unknown board (only campaign boards are assigned)'],
	unknown_conclusion: ['Kết luận phải là đạt, chưa đạt hoặc kiến nghị', 'The conclusion is pass, fail or recommend'],
	subject_required: ['Chọn thẻ công việc, hoặc phường (kiểm tra mức sẵn sàng của phường)', 'Name a card, or a ward (its readiness)'],
	card_archived: ['Thẻ đã lưu trữ: khôi phục thẻ trước khi kiểm tra', 'The card is archived: restore it before inspecting'],
	card_not_in_review: ['Chỉ kiểm tra thẻ ở cột «Chờ kiểm tra» (hoặc đã hoàn thành)', 'Only a card waiting for inspection (or done) is inspected'],
	bad_phone: [
		'Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, gạch ngang (và dấu + ở đầu), ví dụ 0912 345 678',
		'A phone number is digits, spaces, dots, dashes (and a leading +), e.g. 0912 345 678'
	],
	unknown_shift: [`Không có ca này (các ca: ${SHIFT_NUMBERS.join(', ')})`, `No such shift (shifts: ${SHIFT_NUMBERS.join(', ')})`],
	duplicate_shift: ['Ca này đã có trong lịch: mỗi ca một lần', 'This shift is already in the plan: each shift once'],
	too_many: [`Quá nhiều (mỗi ca tối đa ${MAX_OFFICERS} người trực ban)`, `Too many (at most ${MAX_OFFICERS} duty officers a shift)`],
	unknown_unit: ['Không có đơn vị này (district hoặc mã phường)', 'Unknown unit (district or a ward code)'],
	date_in_past: [
		'Ngày này đã qua, mọi ca đã kết thúc: lịch trực đã qua là hồ sơ, không sửa',
		'Every shift of this day has ended: a past roster is a record and is not edited'
	],
	date_too_far: [`Chỉ lập lịch trực trước tối đa ${MAX_PLAN_AHEAD_DAYS} ngày`, `Rosters are planned at most ${MAX_PLAN_AHEAD_DAYS} days ahead`],
	shift_ended: ['Ca này đã kết thúc: không sửa người trực của ca đã qua', 'This shift has ended: who was on duty is not changed afterwards']
};

/** The message a refused checkpoint definition gives, naming the checkpoint and the field. */
export function definitionRefusalMessage(def: { code: string; name: string }, r: DefinitionRefusal): string {
	return `checkpoint "${def.code}" (${def.name}, kind ${r.kind}): ${r.field} must be at least 1 — police are the core force at a control checkpoint, on every shift / ${CHECKPOINT_KIND_LABELS[r.kind].vi}: phải có ít nhất 1 công an mỗi ca (${r.code})`;
}
