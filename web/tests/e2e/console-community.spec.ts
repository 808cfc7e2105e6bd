// Issue 17's console, the community's own administration, end to end: members and their
// roles (listed a page at a time, added by account number, changed, removed; the last
// administrator kept), the logo and the cover uploaded with progress and then shown, the
// official answers to a module's contributions, and the page views in the analytics. The
// community and its people are set up through the API; the console is what the browser
// drives. axe on every page.
import { test, expect, type Page } from '@playwright/test';
import { API, adminToken, call, check, mailLink, person, signIn, type Person } from './helpers';

test.describe.configure({ mode: 'serial' });

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
type Ids = { cid: string; ideas: string; idea: string; ana: string; ben: string; anaToken: string };
let ids: Ids;
let boss: Person;
let admin: string;

/** Registers and confirms a person through the API (the link read from the outbox). */
async function enrol(name: string): Promise<{ token: string; id: string }> {
	const p = { name, email: `${name.toLowerCase()}.${Date.now()}@e2e.example.org`, password: `a long and quiet passphrase for ${name}` };
	expect((await call('POST', '/auth/register', p)).status).toBe(202);
	const token = new URL(await mailLink(p.email, '/confirm')).searchParams.get('token');
	expect((await call('POST', '/auth/confirm', { token, password: p.password })).status).toBe(200);
	const login = await call<{ access_token: string }>('POST', '/auth/login', { email: p.email, password: p.password });
	expect(login.status).toBe(200);
	const me = await call<{ id: string }>('GET', '/me', undefined, login.data.access_token);
	return { token: login.data.access_token, id: me.data.id };
}

async function setUp(): Promise<Ids> {
	admin = await adminToken();
	const cid = (await call<{ id: string }>('POST', '/communities', {
		name: 'Rolesby', description: 'Where the community runs itself.', visibility: 'public'
	}, admin)).data.id;
	expect((await call('PATCH', `/communities/${cid}`, { languages: ['en', 'fr'], name: { fr: 'Rolesby' } }, admin)).status).toBe(200);
	const pid = (await call<{ id: string }>('POST', `/communities/${cid}/projects`, { title: 'The market square', description: 'A new square.' }, admin)).data.id;
	const now = Date.now();
	const ideas = (await call<{ id: string }>('POST', `/projects/${pid}/modules`, {
		type: 'ideas', title: 'Ideas for the square', opens_at: new Date(now - 60_000).toISOString(), closes_at: new Date(now + 86_400_000).toISOString()
	}, admin)).data.id;
	const ana = await enrol('Ana');
	const ben = await enrol('Ben');
	expect([200, 201]).toContain((await call('POST', `/communities/${cid}/join`, {}, ana.token)).status);
	const idea = await call<{ id: string }>('POST', `/modules/${ideas}/contributions`, { title: 'Plant lime trees', body: 'Shade for the market days.' }, ana.token);
	expect(idea.status).toBe(201);
	return { cid, ideas, idea: idea.data.id, ana: ana.id, ben: ben.id, anaToken: ana.token };
}

/** Nothing wider than a 320 px screen (tables scroll inside their own box). */
async function fits320(page: Page) {
	const size = page.viewportSize();
	await page.setViewportSize({ width: 320, height: 700 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	if (size) await page.setViewportSize(size);
}

test.beforeAll(async ({ browser }) => {
	boss = await person(browser, 'Boss');
	boss.email = process.env.AGORA_E2E_ADMIN_EMAIL!;
	boss.password = process.env.AGORA_E2E_ADMIN_PASSWORD!;
	ids = await setUp();
	await signIn(boss);
});

test.afterAll(async () => {
	expect(boss.cspErrors, 'CSP violations').toEqual([]);
	expect(boss.thirdParty, 'requests to third parties').toEqual([]);
	await boss.context.close();
});

test('an admin lists the members, adds one by account number, changes a role, removes one; the last admin stays', async () => {
	const { page } = boss;
	// A person reads their account number on their account page, to give it to an admin.
	const me = await call<{ id: string }>('GET', '/me', undefined, admin);
	await page.goto('/account');
	await expect(page.getByTestId('account-number')).toHaveText(me.data.id);
	await page.goto(`/console/communities/${ids.cid}`);
	await page.getByRole('navigation', { name: 'Console of Rolesby' }).getByRole('link', { name: 'Members and roles' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Members and roles' })).toBeVisible();
	const table = page.getByTestId('members');
	const ana = table.locator(`tr[data-uid="${ids.ana}"]`);
	await expect(ana.getByRole('rowheader')).toHaveText('Ana');
	await expect(ana.getByTestId('role')).toHaveText('member');
	await expect(table.getByRole('row')).toHaveCount(3); // the header, the creator, Ana
	await check(page, 'console-members');
	await fits320(page);

	// Sent empty, the add form says what is required and sends nothing.
	let puts = 0;
	page.on('request', (r) => {
		if (r.method() === 'PUT' && r.url().includes('/members/')) puts++;
	});
	await page.getByRole('button', { name: 'Add with this role' }).click();
	await expect(page.getByText('This field is required.')).toBeVisible();
	expect(puts).toBe(0);
	// An unknown account: the API's 404, said next to the form.
	await page.getByLabel('Account number').fill('01JNOSUCHACCOUNT0000000000');
	await page.getByRole('button', { name: 'Add with this role' }).click();
	await expect(page.getByText('No account has this number.')).toBeVisible();
	// Ben, by his account number, as a moderator: listed, and the API agrees.
	await page.getByLabel('Account number').fill(ids.ben);
	await page.locator('#add-role').selectOption('moderator');
	await page.getByRole('button', { name: 'Add with this role' }).click();
	await expect(page.getByText(`Done: the account ${ids.ben} is a moderator of the community.`)).toBeVisible();
	const ben = table.locator(`tr[data-uid="${ids.ben}"]`);
	await expect(ben.getByTestId('role')).toHaveText('moderator');

	// Ana becomes an administrator.
	await ana.getByLabel('Role of Ana').selectOption('admin');
	await ana.getByRole('button', { name: 'Change the role' }).click();
	await expect(page.getByText('Ana is now administrator.')).toBeVisible();
	await expect(ana.getByTestId('role')).toHaveText('administrator');
	const admins = await call<{ items: { uid: string }[] }>('GET', `/communities/${ids.cid}/members?role=admin`, undefined, admin);
	expect(admins.data.items.map((m) => m.uid)).toContain(ids.ana);

	// The role filter comes from the address: moderators only.
	await page.getByLabel('Members shown').selectOption('moderator');
	await page.getByRole('button', { name: 'Show', exact: true }).click();
	await expect(page).toHaveURL(/role=moderator/);
	await expect(table.getByRole('row')).toHaveCount(2);
	await expect(ben).toBeVisible();

	// Removing asks first; Ben is gone, from the page and for the API.
	await ben.getByRole('button', { name: 'Remove Ben from the community' }).click();
	await expect(ben.getByText('Remove Ben from the community?', { exact: false })).toBeVisible();
	await ben.getByRole('button', { name: 'Remove', exact: true }).click();
	await expect(page.getByText('Ben is no longer a member.')).toBeVisible();
	await expect(page.getByText('No member with this role.')).toBeVisible();
	const all = await call<{ items: { uid: string }[] }>('GET', `/communities/${ids.cid}/members`, undefined, admin);
	expect(all.data.items.map((m) => m.uid)).not.toContain(ids.ben);

	// Ana, now the only other admin, demoted back; then the last administrator cannot go.
	await page.goto(`/console/communities/${ids.cid}/members?role=admin`);
	await expect(table.getByRole('row')).toHaveCount(3);
	await ana.getByLabel('Role of Ana').selectOption('member');
	await ana.getByRole('button', { name: 'Change the role' }).click();
	await expect(page.getByText('Ana is now member.')).toBeVisible();
	const self = table.locator(`tr[data-uid="${me.data.id}"]`);
	await expect(self.getByRole('rowheader')).toContainText('(you)');
	await self.getByRole('combobox').selectOption('member');
	await self.getByRole('button', { name: 'Change the role' }).click();
	await expect(self.getByText('A community keeps at least one administrator: make someone else administrator first.')).toBeVisible();
	await check(page, 'console-members-refused');
});

test('an admin uploads the logo and the cover: refused before sending when the API would, progress, then shown', async () => {
	const { page } = boss;
	await page.goto(`/console/communities/${ids.cid}/settings`);
	const images = page.getByRole('region', { name: 'Logo and cover image' });
	await expect(images.getByText('A JPEG, PNG, WEBP, GIF image of at most 5 MB. It is shown once it has been checked.')).toBeVisible();
	await expect(images.getByTestId('image-logo').getByText('None yet.')).toBeVisible();
	let asked = 0;
	page.on('request', (r) => {
		if (r.method() === 'POST' && r.url().endsWith('/media')) asked++;
	});
	// Not an image the API takes: said at the field, nothing sent.
	await images.getByLabel('New file: Logo').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
	await expect(images.getByText('Choose a JPEG, PNG, WEBP, GIF image.')).toBeVisible();
	await expect(images.getByLabel('New file: Logo')).toHaveAttribute('aria-invalid', 'true');
	expect(asked).toBe(0);

	for (const [kind, label] of [['logo', 'Logo'], ['cover', 'Cover image']] as const) {
		const box = images.getByTestId(`image-${kind}`);
		await box.getByLabel(`New file: ${label}`).setInputFiles({ name: `${kind}.png`, mimeType: 'image/png', buffer: PNG });
		await expect(box.getByRole('progressbar', { name: `Upload: ${label}` })).toHaveAttribute('value', '1');
		await expect(box.getByText(`The new image (${label}) is shown.`)).toBeVisible({ timeout: 40_000 });
		const img = box.getByRole('img', { name: `Current: ${label}` });
		await expect(img).toBeVisible();
		expect(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(1);
	}
	expect(asked).toBe(2);
	const community = await call<{ logo_url: string | null; cover_url: string | null }>('GET', `/communities/${ids.cid}`, undefined, admin);
	expect(community.data.logo_url).toMatch(/logo-/);
	expect(community.data.cover_url).toMatch(/cover-/);
	await check(page, 'console-settings-images');
	await fits320(page);
	// Reloaded, the settings show both.
	await page.reload();
	await expect(images.getByRole('img', { name: 'Current: Logo' })).toBeVisible();
	await expect(images.getByRole('img', { name: 'Current: Cover image' })).toBeVisible();
});

test('an admin answers a contribution from the console, then edits the answer; it shows with the contribution', async () => {
	const { page } = boss;
	await page.goto(`/console/communities/${ids.cid}`);
	await page.getByRole('navigation', { name: 'Console of Rolesby' }).getByRole('link', { name: 'Official answers' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Official answers' })).toBeVisible();
	await expect(page.getByText('Choose a module to answer its contributions.')).toBeVisible();
	await page.getByLabel('Module').selectOption({ label: 'Ideas for the square' });
	await page.getByRole('button', { name: 'Show', exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`module=${ids.ideas}`));
	const card = page.getByTestId(`contribution-${ids.idea}`);
	await expect(card.getByRole('link', { name: 'Plant lime trees' })).toBeVisible();
	await expect(card.getByText('Not answered yet.')).toBeVisible();
	await check(page, 'console-answers');

	// Sent without a text: said at the field, nothing sent. A first answer cannot be "Implemented".
	let puts = 0;
	page.on('request', (r) => {
		if (r.method() === 'PUT' && r.url().endsWith('/answer')) puts++;
	});
	await card.getByRole('button', { name: 'Answer' }).click();
	const form = card.getByTestId('answer-form');
	await expect(form.getByLabel('Status', { exact: true }).locator('option')).toHaveText(['Under review', 'Accepted', 'Rejected']);
	await expect(form.getByText(/Publishing replaces the answer in every language.*at most 20000 characters\./)).toBeVisible();
	await form.getByRole('button', { name: 'Publish the answer' }).click();
	await expect(form.getByText('Write the answer in at least one language.')).toBeVisible();
	expect(puts).toBe(0);
	await check(page, 'console-answer-form');
	await fits320(page);

	await form.getByLabel('Status', { exact: true }).selectOption({ label: 'Accepted' });
	await form.getByLabel('English').fill('Twelve lime trees will be planted in the spring.');
	await form.getByLabel(/Sign with my name/).check();
	await form.getByRole('button', { name: 'Publish the answer' }).click();
	await expect(card.getByText('The answer is published: the author, the upvoters and the module’s followers are told.')).toBeVisible();
	await expect(card.getByTestId('answer-status')).toHaveText('Accepted');
	await expect(card.getByTestId('answer-text')).toHaveText('Twelve lime trees will be planted in the spring.');
	await expect(card.getByText(/signed by/)).toBeVisible();
	expect(puts).toBe(1);

	// Edited: the text comes back in its field, and "Implemented" may now follow.
	await card.getByRole('button', { name: 'Edit the answer' }).click();
	await expect(form.getByLabel('English')).toHaveValue('Twelve lime trees will be planted in the spring.');
	await expect(form.getByLabel('Status', { exact: true }).locator('option')).toHaveText(['Under review', 'Accepted', 'Rejected', 'Implemented']);
	await form.getByLabel('Status', { exact: true }).selectOption({ label: 'Implemented' });
	await form.getByLabel('English').fill('Twelve lime trees were planted in March.');
	await expect(form.getByLabel('Français')).toHaveValue('');
	await form.getByLabel('Français').fill('Douze tilleuls ont été plantés en mars.');
	await form.getByRole('button', { name: 'Publish the answer' }).click();
	await expect(card.getByTestId('answer-status')).toHaveText('Implemented');
	await expect(card.getByTestId('answer-text')).toHaveText('Twelve lime trees were planted in March.');
	await card.getByRole('button', { name: 'Edit the answer' }).click();
	await expect(form.getByLabel('Status', { exact: true }).locator('option')).toHaveText(['Implemented']);
	await card.getByRole('button', { name: 'Cancel' }).click();

	// The status filter (`?status=`), from the address.
	await page.getByLabel('Contributions shown').selectOption({ label: 'Accepted' });
	await page.getByRole('button', { name: 'Show', exact: true }).click();
	await expect(page.getByText('No contribution here.')).toBeVisible();
	await page.getByLabel('Contributions shown').selectOption({ label: 'Implemented' });
	await page.getByRole('button', { name: 'Show', exact: true }).click();
	await expect(card.getByTestId('answer-status')).toHaveText('Implemented');

	// Where citizens read it, and for the API.
	await page.goto(`/contributions/${ids.idea}`);
	const answer = page.getByRole('region', { name: 'Official answer' });
	await expect(answer).toContainText('Implemented');
	await expect(answer).toContainText('Twelve lime trees were planted in March.');
	const read = await call<{ status: string; answer: { text: string } }>('GET', `/contributions/${ids.idea}`, undefined, ids.anaToken);
	expect(read.data.status).toBe('implemented');
	expect(read.data.answer.text).toBe('Twelve lime trees were planted in March.');
	// A text per language: a French reader reads the French one.
	const inFrench = await (await fetch(`${API()}/contributions/${ids.idea}`, { headers: { 'Accept-Language': 'fr' } })).json();
	expect(inFrench.answer.text).toBe('Douze tilleuls ont été plantés en mars.');
	// Its author is told, in the app (the outbox's consumer delivers it).
	await expect(async () => {
		const mine = await call<{ items: { kind: string }[] }>('GET', '/me/notifications', undefined, ids.anaToken);
		expect(mine.data.items.filter((n) => n.kind === 'contribution.answer').length).toBeGreaterThanOrEqual(1);
	}).toPass({ timeout: 30_000 });
});

test('the analytics show the page views per day, per module and per breakdown, hidden ones explained', async () => {
	// 12 views of the module's pages in English, 6 of the community's page in French, 1 in
	// German: the German cell is under k, and hiding it alone would let it be worked out.
	const views = [
		...Array.from({ length: 12 }, () => ({ page: 'module', id: ids.ideas, locale: 'en' })),
		...Array.from({ length: 6 }, () => ({ page: 'community', id: ids.cid, locale: 'fr' })),
		{ page: 'community', id: ids.cid, locale: 'de' }
	];
	for (const v of views) expect((await call('POST', '/visits', v)).status).toBe(204);
	type Cell = { key: string; views: number | null };
	type Visits = { period: number | null; days: { date: string; views: number | null }[]; modules: { id: string; views: number | null }[]; by_language: Cell[] };
	// The browser's own page views of the earlier tests count too (the web app posts them):
	// the figures are read from the API once counted, and the page must show those.
	let visits: Visits | undefined;
	let last = -1;
	await expect(async () => {
		const r = await call<{ visits: Visits }>('GET', `/communities/${ids.cid}/analytics`, undefined, admin);
		expect(r.status).toBe(200);
		const period = r.data.visits.period ?? -1;
		const settled = period === last;
		last = period;
		visits = r.data.visits;
		expect(period).toBeGreaterThanOrEqual(19);
		expect(settled).toBe(true);
	}).toPass({ timeout: 40_000, intervals: [1000] });
	const byLanguage = Object.fromEntries(visits!.by_language.map((c) => [c.key, c.views]));
	expect(byLanguage.en).toBeGreaterThanOrEqual(12);
	expect([byLanguage.fr, byLanguage.de]).toEqual([null, null]);
	const moduleViews = visits!.modules.find((m) => m.id === ids.ideas)!.views!;
	expect(moduleViews).toBeGreaterThanOrEqual(12);

	const { page } = boss;
	await page.goto(`/console/communities/${ids.cid}/analytics`);
	const section = page.getByTestId('visits');
	await expect(section.getByRole('heading', { name: 'Page views', exact: true })).toBeVisible();
	await expect(section.getByTestId('visits-period')).toHaveText(String(last));
	await expect(section.getByTestId('chart-visits').locator(`rect.bar[data-value="${last}"]`)).toHaveCount(1);
	await expect(section.getByTestId('visits-modules').getByRole('listitem').filter({ hasText: 'Ideas for the square' }).locator('strong')).toHaveText(String(moduleViews));
	const languages = section.getByTestId('visits-by_language');
	await expect(languages.getByRole('listitem').filter({ hasText: 'English' }).locator('strong')).toHaveText(String(byLanguage.en));
	await expect(languages.getByRole('listitem').filter({ hasText: 'Français' }).locator('strong')).toHaveText('hidden');
	await expect(languages.getByRole('listitem').filter({ hasText: 'Deutsch' }).locator('strong')).toHaveText('hidden');
	await expect(section.getByTestId('visits-by_language-suppressed')).toHaveText(
		'By language of the page: 2 hidden, since fewer than 5 people are behind each (or it could be worked out from the others).'
	);
	// No CDN locally: the country is unknown, said in words.
	await expect(section.getByTestId('visits-by_country').getByRole('listitem').first()).toContainText('Unknown');
	await check(page, 'console-analytics-visits');
	await fits320(page);
	// In French, the same figures in French words.
	await page.getByLabel('Language').selectOption('fr');
	await expect(section.getByRole('heading', { name: 'Pages vues', exact: true })).toBeVisible();
	await expect(section.getByTestId('visits-by_country').getByRole('listitem').first()).toContainText('Inconnu');
	await expect(section.getByTestId('visits-by_language').getByRole('listitem').filter({ hasText: 'Deutsch' }).locator('strong')).toHaveText('masqué');
	await check(page, 'console-analytics-visits-fr');
	await page.getByLabel('Langue').selectOption('en');
});
