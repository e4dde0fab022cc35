/** The task board's words: focus areas, priorities and the rules of its document, Vietnamese first. */
import type { FieldErrorCode } from '../contracts/errors.ts';
import type { FocusArea, Priority } from '../domain/board-model.ts';
import { BOARD_LIMITS, type BoardRefusal, type BoardRule } from '../domain/board-guard.ts';
import { FIELD_ERROR_MESSAGES } from './errors.ts';

export const FOCUS_LABELS: Record<FocusArea, { vi: string; en: string }> = {
	distancing: { vi: 'Giãn cách', en: 'Distancing' },
	testing: { vi: 'Xét nghiệm', en: 'Testing' },
	vaccination: { vi: 'Tiêm chủng', en: 'Vaccination' },
	welfare: { vi: 'An sinh', en: 'Social welfare' }
};

export const PRIORITY_LABELS: Record<Priority, { vi: string; en: string }> = {
	low: { vi: 'Thấp', en: 'Low' },
	normal: { vi: 'Bình thường', en: 'Normal' },
	high: { vi: 'Cao', en: 'High' },
	urgent: { vi: 'Khẩn', en: 'Urgent' }
};

const sameAsField = (code: FieldErrorCode): { vi: string; en: string } => {
	const [vi, en] = FIELD_ERROR_MESSAGES[code];
	return { vi, en };
};

/** The words of each board rule (domain/board-guard); one that is also a field error elsewhere (a form, the API) reads the same everywhere. */
const BOARD_RULE_LABELS: Record<BoardRule, { vi: string; en: string }> = {
	card_deleted: { vi: 'Không được xoá hẳn thẻ: hãy lưu trữ thẻ', en: 'Cards cannot be deleted: archive them' },
	column_deleted: { vi: 'Không được xoá hẳn cột: hãy gỡ cột', en: 'Columns cannot be deleted: remove them (a flag)' },
	checklist_item_deleted: { vi: 'Không được xoá hẳn mục kiểm tra: hãy gỡ mục', en: 'Checklist items cannot be deleted: remove them (a flag)' },
	comment_removed: { vi: 'Không được xoá hay sửa bình luận đã có', en: 'Existing comments cannot be removed or changed' },
	field_deleted: { vi: 'Không được xoá trường dữ liệu của bảng', en: 'Fields of the board cannot be deleted' },
	meta_readonly: { vi: 'Tiêu đề và phường của bảng do máy chủ đặt', en: "The board's title and ward are set by the server" },
	unknown_structure: { vi: 'Dữ liệu không thuộc cấu trúc của bảng', en: 'Data outside the structure of a board' },
	too_deep: { vi: 'Giá trị lồng nhau quá sâu', en: 'Value nested too deeply' },
	invalid_value: { vi: 'Giá trị không hợp lệ', en: 'Invalid value' },
	too_long: sameAsField('too_long'),
	checklist_too_long: {
		vi: `Danh sách kiểm tra tối đa ${BOARD_LIMITS.checklistItems} mục`,
		en: `A checklist holds at most ${BOARD_LIMITS.checklistItems} items`
	},
	unsafe_text: { vi: 'Văn bản chứa ký tự NUL hoặc ký tự Unicode hỏng', en: 'Text holds a NUL byte or a broken Unicode character' },
	forged_author: { vi: 'Người tạo/sửa phải là chính người đang kết nối', en: 'Created/updated by must be the connected person' },
	unstamped_edit: { vi: 'Sửa thẻ phải ghi người sửa là chính mình', en: 'An edit of a card must record you as its updater' },
	created_stamp_changed: { vi: 'Không được sửa người tạo hay thời điểm tạo', en: 'Who created a card and when cannot be changed' },
	bad_time: { vi: 'Thời điểm không hợp lệ hoặc quá xa hiện tại', en: 'Time stamp invalid or too far from now' },
	incomplete_card: { vi: 'Thẻ mới thiếu trường bắt buộc', en: 'A new card lacks a required field' },
	incomplete_column: { vi: 'Cột mới thiếu tiêu đề', en: 'A new column lacks a title' },
	unknown_column: sameAsField('unknown_column'),
	unknown_ward: sameAsField('unknown_ward'),
	ward_out_of_scope: { vi: 'Bạn không được giao việc cho phường này', en: 'This ward is outside your scope' },
	review_gate: {
		vi: 'Chỉ đoàn kiểm tra của bảng hoặc chỉ huy cấp quận mới chuyển việc từ «Chờ kiểm tra» sang hoàn thành (bảng của đợt kiểm tra: mọi việc vào cột hoàn thành)',
		en: 'Only the board’s inspectors or a district commander move a card from “Chờ kiểm tra” to done (on a campaign’s board: any card into a done column)'
	},
	inspector_limited: {
		vi: 'Đoàn kiểm tra chỉ ghi ý kiến, đánh dấu danh mục và chuyển cột',
		en: 'An inspector only comments, ticks checklists and moves cards'
	}
};

/** A refused board update in words, naming where in the document. */
export function boardRefusalWords(r: BoardRefusal): BoardRefusal & { message: string; messageEn: string } {
	const l = BOARD_RULE_LABELS[r.error];
	return { ...r, message: `${l.vi} (${r.where})`, messageEn: `${l.en} (${r.where})` };
}
