import { test, expect } from '@playwright/test';
import { check, person } from './helpers';

// Facebook sign-in end to end: the login page's button, the provider's consent page (the fake
// provider on loopback that tests/e2e/platform.ts starts), the API's callback and the web
// app's code exchange; a second sign-in lands in the same account.
test('sign in with Facebook, twice into the same account', async ({ browser }) => {
	test.skip(process.env.AGORA_E2E_FACEBOOK !== '1', 'the reused platform has no fake Facebook');
	const grace = await person(browser, 'Grace');
	const { page } = grace;
	for (const round of [1, 2]) {
		await page.goto('/login');
		if (round === 1) await check(page, 'login');
		await page.getByRole('link', { name: 'Sign in with Facebook' }).click();
		await page.getByRole('link', { name: 'Continue as Grace Hopper' }).click();
		await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
		await expect(page).toHaveURL(/\/$/);
		await page.goto('/account');
		await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Grace Hopper');
		if (round === 1) await page.getByRole('button', { name: 'Sign out' }).click();
	}
	expect(grace.cspErrors).toEqual([]);
	await grace.context.close();
});
