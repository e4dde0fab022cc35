import { CROSS_SITE_REFUSAL } from './cross-site.ts';

/** What a page the guard refuses says (rendered by src/routes/+error.svelte through /forbidden). */
export const FORBIDDEN_PAGE = { message: 'Bạn không có quyền xem trang này', messageEn: 'You may not see this page' } as const;

/** The route that renders {@link FORBIDDEN_PAGE}. */
export const FORBIDDEN_ROUTE = '/forbidden';

/** A write sent from another site's page: refused before anything ran; a plain page says why. */
export function crossSitePage(): Response {
	const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>403 — Yêu cầu bị từ chối</title></head>
<body><main><h1>403</h1><p>${CROSS_SITE_REFUSAL.message}.</p><p lang="en">${CROSS_SITE_REFUSAL.messageEn}.</p>
<p><a href="/">Về trang chủ</a> / <a href="/" lang="en">Home</a></p></main></body></html>`;
	return new Response(html, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

/** A wall whose kiosk access ended: a blank dark screen that says why, readable across a room. */
export function kioskRevokedPage(status: number): Response {
	const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đã thu hồi quyền truy cập</title>
<style>html,body{margin:0;height:100%;background:#000;color:#9aa8c0;font-family:system-ui,sans-serif}
main{height:100%;display:flex;flex-direction:column;align-items:center;justify-content:center;text-align:center}
h1{font-size:5vh;margin:0 0 2vh;color:#f2f5fa}p{font-size:2.6vh;margin:0.5vh}</style></head>
<body><main data-testid="kiosk-revoked"><h1>Màn hình này đã bị thu hồi quyền truy cập</h1>
<p>Liên hệ quản trị hệ thống để cấp liên kết mới.</p><p>This display's access was revoked.</p></main></body></html>`;
	return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
