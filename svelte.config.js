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
		// SvelteKit's origin check for form actions (CSRF) stays at its default: on.
		adapter: adapter({ out: 'build', precompress: false })
	}
};

export default config;
