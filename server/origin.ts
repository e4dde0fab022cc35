/**
 * The scheme and origin of a raw Node request as the client saw it: what SvelteKit is told through
 * PROTOCOL_HEADER (server/app.ts) and what WebSocket handshakes are compared against
 * (server/realtime.ts) — one computation, so a page and its sockets agree on what "our origin" is.
 */
import type { IncomingMessage } from 'node:http';

/** `https` on a TLS socket; behind a trusted proxy, its X-Forwarded-Proto; `http` otherwise. */
export function clientProtocol(req: IncomingMessage, trustProxy: boolean): 'http' | 'https' {
	if ((req.socket as { encrypted?: boolean }).encrypted) return 'https';
	const forwarded = trustProxy
		? String(req.headers['x-forwarded-proto'] ?? '')
				.split(',')[0]
				?.trim()
				.toLowerCase()
		: '';
	return forwarded === 'https' ? 'https' : 'http';
}

/** scheme://host[:port] of the request (Host header), e.g. http://127.0.0.1:3000. */
export function requestOrigin(req: IncomingMessage, trustProxy: boolean): string {
	return `${clientProtocol(req, trustProxy)}://${req.headers.host ?? ''}`;
}

/**
 * The client's address for sign-in throttling: the TCP peer, or behind a trusted proxy the last
 * X-Forwarded-For hop (the one the proxy added; earlier hops are whatever the client wrote).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
	const hop = trustProxy
		? String(req.headers['x-forwarded-for'] ?? '')
				.split(',')
				.pop()
				?.trim()
		: '';
	return hop || req.socket.remoteAddress || 'unknown';
}
