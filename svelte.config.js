import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		// Svelte 5 runes everywhere: no legacy reactive statements sneak in.
		runes: true
	},
	kit: {
		// The custom server in server/ imports build/handler.js and owns the HTTP server.
		adapter: adapter({ out: 'build', precompress: false }),
		// CSRF is checked once, in src/hooks.server.ts (lib/server/auth/cross-site.ts), for EVERY
		// write — JSON, body-less POSTs, /logout — against the request's origin, ORIGIN and
		// ALLOWED_ORIGINS (known only at run time). SvelteKit's own check sees only form content
		// types and a build-time list, and would answer before our hook: it is switched off here.
		csrf: { trustedOrigins: ['*'] },
		// src/service-worker.ts (the tablets' offline shell) is registered by the tablet pages
		// themselves (lib/state/offline-copy.svelte.ts), never by SvelteKit: its snippet sits in the
		// script that starts every page and uses optional chaining, a syntax error on the wall TVs'
		// Chromium 79 that would stop the wall from starting at all. Walls do not need the worker.
		serviceWorker: { register: false },
		// Content-Security-Policy: SvelteKit hashes its own inline scripts ('auto' → hashes for
		// prerendered, nonces for dynamic pages). Styles allow inline attributes (style="--cols: 5").
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self', 'ws:', 'wss:'],
				// The service worker, /service-worker.js, is same-origin.
				'worker-src': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
