/** The task board's words: focus areas and priorities, Vietnamese first. */
import type { FocusArea, Priority } from '../domain/board-model.ts';

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
