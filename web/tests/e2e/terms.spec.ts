import { test, expect } from '@playwright/test';
import { adminToken, call, check, mailText, person, register, signIn } from './helpers';

// New terms of use: a platform admin publishes a version; a signed-in person is told (in the
// app and by mail), still reads everything, is refused participation with the reason and a
// way to the new text, accepts it, and takes part again. Last of the run (file order): the
// admin's own acceptance is then pending, which no later spec depends on.
test('new terms: told, refused until accepted, then taking part again', async ({ browser }) => {
	const admin = await adminToken();
	const community = await call<{ id: string }>('POST', '/communities', { name: 'Termsville', description: 'Terms change here.', visibility: 'public' }, admin);
	expect(community.status).toBe(201);
	const cid = community.data.id;
	const pid = (await call<{ id: string }>('POST', `/communities/${cid}/projects`, { title: 'The square', description: 'What should the square become?' }, admin)).data.id;
	const now = Date.now();
	const mid = (await call<{ id: string }>('POST', `/projects/${pid}/modules`, {
		type: 'ideas', title: 'Ideas for the square', opens_at: new Date(now - 60_000).toISOString(), closes_at: new Date(now + 86_400_000).toISOString()
	}, admin)).data.id;

	const tess = await person(browser, 'Tess');
	await register(tess);
	await signIn(tess);
	const { page } = tess;
	await page.goto(`/communities/${cid}`);
	await expect(page.getByTestId('terms-pending')).toHaveCount(0);

	const published = await call<{ version: number }>('POST', '/terms', {
		text: { en: 'Be kind to one another.\n\nWe keep your data safe.', fr: 'Soyez bienveillants.\n\nVos données sont protégées.' }
	}, admin);
	expect(published.status).toBe(201);
	// Told by mail (category account), with a link to the terms page and one to the email
	// settings, both served by the app.
	const mail = await mailText(tess.email, 'New terms of use', 60);
	const termsLink = mail.match(/https?:\/\/[^\s"<>]+\/terms(?=[\s"<])/)?.[0];
	const settingsLink = mail.match(/https?:\/\/[^\s"<>]+\/settings\/notifications/)?.[0];
	expect(termsLink).toBeTruthy();
	await page.goto(settingsLink!);
	await expect(page).toHaveURL(/\/account#emails-h$/);
	await expect(page.getByRole('heading', { name: 'Emails' })).toBeVisible();

	await page.goto(termsLink!.replace(/\/terms$/, `/communities/${cid}`));
	await expect(page.getByTestId('terms-pending')).toBeVisible();
	await check(page, 'terms-pending');
	await page.getByRole('button', { name: 'Follow', exact: true }).last().click();
	await expect(page.getByText('Accept the new terms of use to keep taking part.')).toBeVisible();

	await page.getByTestId('terms-pending').getByRole('link', { name: 'Read the new terms' }).click();
	await expect(page).toHaveURL(/\/terms\?next=/);
	await expect(page.getByText('Be kind to one another.')).toBeVisible();
	await expect(page.getByText(`Version ${published.data.version}`)).toBeVisible();
	await check(page, 'terms');
	await page.getByRole('button', { name: 'I accept these terms of use' }).click();
	await expect(page).toHaveURL(new RegExp(`/communities/${cid}$`));
	await expect(page.getByTestId('terms-pending')).toHaveCount(0);
	await page.getByRole('button', { name: 'Follow', exact: true }).last().click();
	await expect(page.getByText('You follow this community.')).toBeVisible();

	// One project and one module followed on their own, listed with the community.
	await page.goto(`/projects/${pid}`);
	await page.getByTestId('follow-project').click();
	await expect(page.getByText(/You follow this project/)).toBeVisible();
	await check(page, 'project-followed');
	await page.goto(`/modules/${mid}`);
	await page.getByTestId('follow-module').click();
	await expect(page.getByText(/You follow this consultation/)).toBeVisible();
	await page.reload();
	await expect(page.getByTestId('follow-module')).toHaveAttribute('aria-pressed', 'true');
	await page.goto('/account');
	for (const title of ['Termsville', 'The square', 'Ideas for the square']) await expect(page.getByText(title).first()).toBeVisible();

	// In French, the text in French.
	await page.goto('/terms');
	await page.getByLabel(/Language|Langue/).selectOption('fr');
	await expect(page.getByText('Soyez bienveillants.')).toBeVisible();
	await expect(page.getByTestId('terms-accepted')).toBeVisible();
	await page.getByLabel(/Language|Langue/).selectOption('en');
	expect(tess.cspErrors).toEqual([]);
	await tess.context.close();
});
