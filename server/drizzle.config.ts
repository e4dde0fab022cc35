import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema with no database: `npm run db:generate`.
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle'
});
