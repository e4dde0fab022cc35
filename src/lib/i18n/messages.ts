/**
 * Interface text, Vietnamese first. English must have every key Vietnamese has (the type says so).
 * Number and date formatting go through Intl (lib/domain/time.ts); no plural rules are needed yet,
 * so a typed table serves better than a message-compiler dependency.
 */
const vi = {
	appName: 'Sở Chỉ huy phòng, chống dịch',
	wallTitle: 'Bảng điều hành',
	newF0Today: 'F0 mới hôm nay',
	ofWhichCommunity: 'trong cộng đồng',
	f0Active: 'F0 đang điều trị',
	f1Quarantined: 'F1 đang cách ly',
	wardsReported: 'Phường đã báo cáo hôm nay',
	reportedAt: 'Báo cáo lúc',
	notReported: 'Chưa báo cáo',
	notReportedToday: 'Chưa báo cáo hôm nay',
	overdue: 'Quá hạn báo cáo',
	minutesAgo: 'phút trước',
	hoursAgo: 'giờ trước',
	justNow: 'vừa xong',
	live: 'Trực tuyến',
	connecting: 'Đang kết nối…',
	syncing: 'Đang đồng bộ…',
	reconnecting: 'Mất kết nối — đang kết nối lại',
	since: 'từ',
	staleWarning: 'Số liệu có thể đã cũ',
	nextReport: 'Báo cáo tiếp theo',
	views: { overview: 'Toàn quận', quarantine: 'Cách ly tập trung', stock: 'Hàng thiết yếu', checkpoints: 'Chốt kiểm soát', trends: 'Diễn biến 14 ngày' } as Record<string, string>,
	staffOnDuty: 'Người đang trực / yêu cầu',
	shift: 'ca',
	checkpointsShort: 'Chốt đang thiếu người',
	short: 'thiếu',
	allStaffed: 'Mọi chốt đủ người',
	staffingChartTitle: '% quân số có mặt theo chốt (ca hiện tại)',
	noRecentIssues: 'chưa xuất trong 7 ngày',
	daysLeft: 'ngày đủ dùng',
	underMinimum: 'Dưới mức tối thiểu',
	warehouses: 'kho',
	daysOfSupplyTitle: 'Số ngày đủ dùng theo mức xuất 7 ngày qua (toàn quận)',
	trendTitle: 'F0 mới mỗi ngày — toàn quận, 14 ngày',
	today: 'Hôm nay',
	last7days: '7 ngày qua',
	beds: 'giường',
	bedsOccupied: 'Giường đang dùng',
	bedsFree: 'Giường trống',
	bedsPreparing: 'Đang chuẩn bị thêm',
	nearlyFull: 'Sắp đầy',
	full: 'Gần hết giường',
	demoData: 'dữ liệu minh họa',
	facilityStatus: {
		preparing: 'Đang chuẩn bị',
		ready: 'Sẵn sàng',
		operating: 'Đang hoạt động',
		treating_f0: 'Điều trị F0 nhẹ'
	} as Record<string, string>,
	noFacilities: 'Chưa có khu cách ly',
	zone: {
		green: 'Vùng xanh',
		yellow: 'Vùng vàng',
		orange: 'Vùng cam',
		red: 'Vùng đỏ'
	} as Record<string, string>,
	zoneShort: { green: 'Xanh', yellow: 'Vàng', orange: 'Cam', red: 'Đỏ' } as Record<string, string>,
	/** The device's outbox on tablet pages: entries kept on the device until the server has them. */
	outbox: {
		waiting: 'Đang chờ gửi',
		sending: 'Đang gửi…',
		sent: 'Đã gửi',
		refused: 'Bị từ chối',
		offline: 'Mất kết nối — số liệu được lưu trên máy và sẽ gửi khi có mạng.',
		signIn: 'Phiên đăng nhập đã hết — hãy đăng nhập lại; số liệu vẫn được giữ trên máy.',
		sendingCount: 'Đang gửi {n} mục…',
		allSent: 'Đã gửi hết.',
		queued: 'Đã lưu trên máy — sẽ gửi theo thứ tự (xem danh sách bên dưới).',
		onDevice: 'Trên máy này',
		dismiss: 'Đã đọc',
		kinds: {
			'case-report': 'Báo cáo ca bệnh',
			'quarantine-movement': 'Khu cách ly',
			'quarantine-status': 'Trạng thái khu cách ly',
			'stock-receipt': 'Nhập kho',
			'stock-issue': 'Xuất kho',
			'stock-transfer': 'Điều chuyển',
			'checkpoint-check-in': 'Vào ca',
			'checkpoint-check-out': 'Kết thúc ca'
		} as Record<string, string>
	}
};

export type Messages = typeof vi;

const en: Messages = {
	appName: 'Epidemic Command Post',
	wallTitle: 'Operations wall',
	newF0Today: 'New F0 today',
	ofWhichCommunity: 'in the community',
	f0Active: 'Active F0',
	f1Quarantined: 'F1 in quarantine',
	wardsReported: 'Wards reported today',
	reportedAt: 'Reported at',
	notReported: 'No report yet',
	notReportedToday: 'No report today',
	overdue: 'Report overdue',
	minutesAgo: 'min ago',
	hoursAgo: 'h ago',
	justNow: 'just now',
	live: 'Live',
	connecting: 'Connecting…',
	syncing: 'Syncing…',
	reconnecting: 'Connection lost — reconnecting',
	since: 'since',
	staleWarning: 'Figures may be out of date',
	nextReport: 'Next report',
	views: { overview: 'District', quarantine: 'Quarantine', stock: 'Essential goods', checkpoints: 'Checkpoints', trends: '14-day trends' },
	staffOnDuty: 'On duty / required',
	shift: 'shift',
	checkpointsShort: 'Checkpoints short of staff',
	short: 'short',
	allStaffed: 'Every checkpoint fully staffed',
	staffingChartTitle: '% of required staff present per checkpoint (current shift)',
	noRecentIssues: 'no issues in 7 days',
	daysLeft: 'days of supply',
	underMinimum: 'Under minimum',
	warehouses: 'warehouses',
	daysOfSupplyTitle: 'Days of supply at the last 7 days\' issue rate (district)',
	trendTitle: 'New F0 per day — district, 14 days',
	today: 'Today',
	last7days: 'Last 7 days',
	beds: 'beds',
	bedsOccupied: 'Beds in use',
	bedsFree: 'Free beds',
	bedsPreparing: 'Being prepared',
	nearlyFull: 'Nearly full',
	full: 'Almost no beds',
	demoData: 'demo data',
	facilityStatus: { preparing: 'Being prepared', ready: 'Ready', operating: 'Operating', treating_f0: 'Treating mild F0' },
	noFacilities: 'No quarantine facilities',
	zone: { green: 'Green zone', yellow: 'Yellow zone', orange: 'Orange zone', red: 'Red zone' },
	zoneShort: { green: 'Green', yellow: 'Yellow', orange: 'Orange', red: 'Red' },
	outbox: {
		waiting: 'Waiting to send',
		sending: 'Sending…',
		sent: 'Sent',
		refused: 'Refused',
		offline: 'Offline — entries are kept on this device and sent when the connection returns.',
		signIn: 'Your session has ended — sign in again; entries are still kept on this device.',
		sendingCount: 'Sending {n} entries…',
		allSent: 'Everything sent.',
		queued: 'Kept on this device — it will be sent in order (see the list below).',
		onDevice: 'On this device',
		dismiss: 'Read',
		kinds: {
			'case-report': 'Case report',
			'quarantine-movement': 'Quarantine facility',
			'quarantine-status': 'Facility status',
			'stock-receipt': 'Receipt',
			'stock-issue': 'Issue',
			'stock-transfer': 'Transfer',
			'checkpoint-check-in': 'Check-in',
			'checkpoint-check-out': 'Check-out'
		}
	}
};

export type Lang = 'vi' | 'en';
export const messages: Record<Lang, Messages> = { vi, en };

export function pickLang(value: string | null | undefined): Lang {
	return value === 'en' ? 'en' : 'vi';
}

/** "12 phút trước" / "3 giờ trước" from whole minutes. */
export function formatAge(m: Messages, minutes: number): string {
	if (minutes < 1) return m.justNow;
	if (minutes < 120) return `${minutes} ${m.minutesAgo}`;
	return `${Math.floor(minutes / 60)} ${m.hoursAgo}`;
}
