/**
 * People as the app makes them, for the browser tests: the admin creates an account on
 * /admin/users (its one-time password shown once), the person signs in with it on their own
 * device and sets their own password. No shortcut through the services: the e2e tests exercise
 * what a new district's admin and commanders do.
 */
import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';

export interface Person {
	username: string;
	/** Display name: what the audit, the outbox and "lifted by" show. */
	name: string;
	/** Their own password, set at the first sign-in (must pass the password rules). */
	password: string;
}

/** A tablet held upright, with touch: how ward commanders enter their figures. */
const TABLET: BrowserContextOptions = { viewport: { width: 800, height: 1280 }, hasTouch: true };

/** A context signed in with an existing session cookie (`cp_session=…`). */
export async function withCookie(browser: Browser, url: string, cookie: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
	const context = await browser.newContext(options);
	const [name, value] = cookie.split('=') as [string, string];
	await context.addCookies([{ name, value, url }]);
	return context;
}

/** The admin (signed in on `admin`) creates an account; returns its one-time password. */
async function createAccount(admin: Page, url: string, who: Person, role: string, wardCode: string | null, boards: string[] = []): Promise<string> {
	await admin.goto(`${url}/admin/users`);
	const form = admin.locator('form[action="?/create"]');
	await form.locator('input[name=username]').fill(who.username);
	await form.locator('input[name=displayName]').fill(who.name);
	await form.locator('select[name=role]').selectOption(role);
	if (wardCode) await form.locator('select[name=wardCode]').selectOption(wardCode);
	if (boards.length) await form.locator('select[name=boards]').selectOption(boards);
	await form.locator('button[type=submit]').click();
	return (await admin.getByTestId('one-time-password').locator('code').innerText()).trim();
}

/** The first sign-in: the one-time password, then the person's own. */
async function firstSignIn(page: Page, url: string, who: Person, otp: string): Promise<void> {
	await page.goto(`${url}/login`);
	await page.locator('input[name=username]').fill(who.username);
	await page.locator('input[name=password]').fill(otp);
	await page.locator('main button[type=submit]').click();
	await expect(page).toHaveURL(/\/account\/password/);
	await page.locator('input[name=current]').fill(otp);
	await page.locator('input[name=next]').fill(who.password);
	await page.locator('input[name=confirm]').fill(who.password);
	await page.locator('main button[type=submit]').click();
	await expect(page).not.toHaveURL(/\/account\/password/);
}

/**
 * A ward commander for `ward`, created by the admin (`adminCookie`) and signed in on a tablet: the
 * tablet's context and page (on the ward's home, where a commander lands) and the commander's own
 * session cookie, for the API calls a test makes as them.
 */
export async function wardCommanderTablet(
	browser: Browser,
	url: string,
	adminCookie: string,
	who: Person,
	ward: string
): Promise<{ context: BrowserContext; page: Page; cookie: string }> {
	const admin = await withCookie(browser, url, adminCookie);
	const otp = await createAccount(await admin.newPage(), url, who, 'ward_commander', ward);
	await admin.close();

	const context = await browser.newContext(TABLET);
	const page = await context.newPage();
	await firstSignIn(page, url, who, otp);
	await expect(page).toHaveURL(new RegExp(`/ward/${ward}$`));
	const session = (await context.cookies(url)).find((c) => c.name === 'cp_session');
	if (!session) throw new Error(`no session cookie after ${who.username} signed in`);
	return { context, page, cookie: `${session.name}=${session.value}` };
}

/** A phone held upright, with touch: how an inspection team member works on site. */
export const PHONE: BrowserContextOptions = { viewport: { width: 412, height: 915 }, hasTouch: true };

/**
 * Anyone of `role` (a district commander on a laptop, an inspection team member of `boards` on
 * a phone…), created by the admin on /admin/users and signed in: the context and page (where they
 * land) and their own session cookie.
 */
export async function signedInPerson(
	browser: Browser,
	url: string,
	adminCookie: string,
	who: Person,
	role: string,
	options: BrowserContextOptions = { viewport: { width: 1440, height: 900 } },
	boards: string[] = []
): Promise<{ context: BrowserContext; page: Page; cookie: string }> {
	const admin = await withCookie(browser, url, adminCookie);
	const otp = await createAccount(await admin.newPage(), url, who, role, null, boards);
	await admin.close();
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await firstSignIn(page, url, who, otp);
	const session = (await context.cookies(url)).find((c) => c.name === 'cp_session');
	if (!session) throw new Error(`no session cookie after ${who.username} signed in`);
	return { context, page, cookie: `${session.name}=${session.value}` };
}
