import { test, expect } from '@playwright/test';
import { check, mailLink, person, register } from './helpers';

// Facebook sign-in end to end: the login page's button, the provider's consent page (the fake
// provider on loopback that tests/e2e/platform.ts starts), the API's callback and the web
// app's code exchange; a second sign-in lands in the same account.
test('sign in with Facebook, twice into the same account', async ({ browser }) => {
	test.skip(!process.env.AGORA_E2E_FACEBOOK, 'the reused platform has no fake Facebook');
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

// An address that has an account already: the provider's sign-in is linked only once the
// account's owner confirms by the emailed link (/link-account); then Facebook signs them in.
test('Facebook sign-in with the address of an account: linked by its owner, then signed in', async ({ browser }) => {
	test.skip(!process.env.AGORA_E2E_FACEBOOK, 'the reused platform has no fake Facebook');
	const lin = await person(browser, 'Lin');
	await register(lin);
	await fetch(`${process.env.AGORA_E2E_FACEBOOK}/person`, {
		method: 'POST', body: JSON.stringify({ id: `fb-lin-${Date.now()}`, name: 'Lin on Facebook', email: lin.email })
	});
	const { page } = lin;
	await page.goto('/login');
	await page.getByRole('link', { name: 'Sign in with Facebook' }).click();
	await page.getByRole('link', { name: 'Continue as Lin on Facebook' }).click();
	await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
	await page.goto(await mailLink(lin.email, '/link-account', 30));
	await expect(page.getByText('Your accounts are linked: you can sign in with Facebook too.')).toBeVisible();
	await check(page, 'link-account');
	await page.goto('/login');
	await page.getByRole('link', { name: 'Sign in with Facebook' }).click();
	await page.getByRole('link', { name: 'Continue as Lin on Facebook' }).click();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
	await page.goto('/account');
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Lin');
	await lin.context.close();
});
