import type { Runtime } from '$lib/server/registry';
import type { Principal } from '$lib/domain/access';

declare global {
	namespace App {
		interface Locals {
			runtime: Runtime;
			/** Who is asking (null: nobody signed in). Set in hooks.server.ts for every request. */
			principal: Principal | null;
			mustChangePassword: boolean;
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
