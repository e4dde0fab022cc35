/**
 * A checkpoint inside a blockaded area names its blockade (issue 13 §1), as the district commander
 * and the wall live it: on the registry page the new checkpoint's blockade is chosen from the ward's
 * active blockades (the choice shows only for that kind); the wall names the blockade at once, and
 * "(đã gỡ)" as soon as it is lifted — the link stays, and the ward's tablet page says so too.
 */
import { expect, test } from '@playwright/test';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';

let server: SpawnedServer;
let cookie: string;

test.beforeAll(async () => {
	server = await spawnServer();
	cookie = await signInCookie(server.url);
});
test.afterAll(async () => {
	await server?.stop();
	await server?.cleanup();
});

const api = async (path: string, body: unknown) => {
	const res = await fetch(`${server.url}${path}`, {
		method: 'POST',
		headers: { cookie, origin: server.url, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	expect(res.status, await res.clone().text()).toBeLessThan(300);
	return (await res.json()) as { id: number };
};

test('a checkpoint linked to its blockade on the registry page: named on the wall, "(đã gỡ)" once lifted, and on the tablet', async ({ browser }) => {
	const startedAt = new Date(Date.now() - 86_400_000).toISOString();
	const blockade = await api('/api/blockades', { wardCode: 'kim-ma', name: 'Ngõ 12 Kim Mã', zone: 'red', startedAt, people: 480, households: 120 });
	await api('/api/blockades', { wardCode: 'ngoc-ha', name: 'Ngõ 88 Ngọc Hà', zone: 'red', startedAt, people: 80, households: 20 });

	const context = await browser.newContext();
	const [name, value] = cookie.split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	const wall = await context.newPage();
	await wall.goto(`${server.url}/wall?pin=checkpoints`);
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');

	const page = await context.newPage();
	await page.goto(`${server.url}/registry`);
	const add = page.getByTestId('checkpoint-new');
	const pick = add.locator('select[name="blockadeId"]');
	// The choice belongs to a checkpoint inside a blockaded area.
	await expect(pick).toBeHidden();
	await add.locator('input[name="code"]').fill('kim-ma-ngo-12-cuoi');
	await add.locator('select[name="wardCode"]').selectOption('kim-ma');
	await add.locator('input[name="name"]').fill('Chốt cuối ngõ 12');
	await add.locator('select[name="kind"]').selectOption('blockade');
	await expect(pick).toBeVisible();
	// Grouped by ward: the district's active blockades.
	await expect(pick.locator('optgroup')).toHaveCount(2);
	await pick.selectOption(String(blockade.id));
	await add.locator('input[name="leadUnit"]').fill('Công an phường Kim Mã');
	// Many people required and no one on duty: at the top of the wall's gaps.
	await add.locator('input[name="required.police"]').fill('20');
	await add.getByRole('button').click();
	await expect(page.getByTestId('registry-saved')).toBeVisible();

	const row = wall.locator('[data-checkpoint="kim-ma-ngo-12-cuoi"]');
	await expect(row.getByTestId('checkpoint-blockade')).toHaveText(/Ngõ 12 Kim Mã$/);

	// Lifted: the wall hears it at once, and the link stays as history.
	await api(`/api/blockades/${blockade.id}/lift`, { reference: 'QĐ 123/QĐ-UBND' });
	await expect(row.getByTestId('checkpoint-blockade')).toHaveText(/Ngõ 12 Kim Mã \(đã gỡ\)$/);

	const tablet = await context.newPage();
	await tablet.goto(`${server.url}/ward/kim-ma/checkpoints`);
	await expect(tablet.locator('[data-checkpoint="kim-ma-ngo-12-cuoi"]').getByTestId('checkpoint-kind')).toContainText(
		'Chốt trong khu phong tỏa · Ngõ 12 Kim Mã (đã gỡ)'
	);

	// On the registry, the lifted one is still what it names, and no longer offered to a new checkpoint.
	await page.reload();
	const edit = page.locator('[data-registry-checkpoint="kim-ma-ngo-12-cuoi"] select[name="blockadeId"]');
	await expect(edit).toHaveValue(String(blockade.id));
	await expect(edit.locator('option:checked')).toHaveText('Ngõ 12 Kim Mã (đã gỡ)');
	await expect(page.getByTestId('checkpoint-new').locator(`select[name="blockadeId"] option[value="${blockade.id}"]`)).toHaveCount(0);
	await context.close();
});
