import type { Runtime } from '$lib/server/registry';

declare global {
	namespace App {
		interface Locals {
			runtime: Runtime;
		}
		interface Error {
			message: string;
			messageEn?: string;
			/** Correlates the user's error page with the server log. */
			id?: string;
		}
	}
}

export {};
