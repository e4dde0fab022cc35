import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { commandPostDev } from './server/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), commandPostDev()],
	environments: {
		// Wall TVs run old Chromium (webOS 6 ≈ Chromium 79); the server build stays on Node's target.
		client: { build: { target: ['chrome79', 'safari14'] } }
	},
	optimizeDeps: {
		// PGlite ships WASM and must not be pre-bundled.
		exclude: ['@electric-sql/pglite']
	},
	ssr: {
		external: ['@electric-sql/pglite']
	},
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'data',
					include: ['tests/data/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/fixtures/global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					// Real processes and sockets on a shared 2-core machine: under CI one retry, so a
					// timing flake does not sink the run (a test that fails twice still fails it).
					retry: process.env.CI ? 1 : 0,
					environment: 'node',
					// The built app is loaded by Node as it is in production, not re-compiled by Vite
					// (vite-plugin-svelte would take its *.svelte.js chunks for rune modules).
					server: { deps: { external: [/\/build\//] } },
					globalSetup: ['tests/fixtures/global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					// Attacks on a real server (port 0) with real socket.io, y-websocket and HTTP clients,
					// on PGlite and on PostgreSQL: every boundary rule of docs/security.md has its test here.
					name: 'security',
					include: ['tests/security/**/*.test.ts'],
					retry: process.env.CI ? 1 : 0,
					environment: 'node',
					server: { deps: { external: [/\/build\//] } },
					globalSetup: ['tests/fixtures/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
