// Issue 17's console, end to end: a moderator decides a flagged item (the queue, the case
// with its reports and the author's history, a decision by keyboard, the log), a member does
// not see the console, and an admin reads the analytics dashboard (charts, pickers, CSV,
// suppressed figures explained). The community and the participation are set up through
// the API; the console is what the browser drives. axe on every page.
import { test, expect, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEB, adminToken, call, check, gzippedKb, mailLink, person, signIn, type Person } from './helpers';

test.describe.configure({ mode: 'serial' });

type Ids = { cid: string; ideas: string; questionnaire: string; flagged: string };
let ids: Ids;
let mo: Person;
let cy: Person;
let boss: Person;
let admin: string;

/** Registers and confirms a person through the API (the link read from the outbox). */
async function enrol(p: { name: string; email: string; password: string }): Promise<string> {
	expect((await call('POST', '/auth/register', { name: p.name, email: p.email, password: p.password })).status).toBe(202);
	const token = new URL(await mailLink(p.email, '/confirm')).searchParams.get('token');
	expect((await call('POST', '/auth/confirm', { token, password: p.password })).status).toBe(200);
	const login = await call<{ access_token: string }>('POST', '/auth/login', { email: p.email, password: p.password });
	expect(login.status).toBe(200);
	return login.data.access_token;
}

async function setUp(): Promise<Ids> {
	admin = await adminToken();
	const cid = (await call<{ id: string }>('POST', '/communities', {
		name: 'Consoleville', description: 'Where the console is tried.', visibility: 'public', flag_threshold: 1
	}, admin)).data.id;
	const pid = (await call<{ id: string }>('POST', `/communities/${cid}/projects`, { title: 'The library', description: 'A new library.' }, admin)).data.id;
	const now = Date.now();
	const window = { opens_at: new Date(now - 60_000).toISOString(), closes_at: new Date(now + 86_400_000).toISOString() };
	const ideas = (await call<{ id: string }>('POST', `/projects/${pid}/modules`, { type: 'ideas', title: 'Ideas for the library', ...window }, admin)).data.id;
	const questionnaire = (await call<{ id: string }>('POST', `/projects/${pid}/modules`, { type: 'questionnaire', title: 'Opening hours', ...window }, admin)).data.id;
	const question = (await call<{ id: string }>('POST', `/modules/${questionnaire}/questions`, { prompt: 'When would you come?', kind: 'single_choice', options: ['Mornings', 'Evenings'], required: true }, admin)).data.id;

	// Mo moderates; Cy writes what gets flagged; four neighbours make enough participants
	// (at least k) for the figures to show.
	const moToken = await enrol(mo);
	const cyToken = await enrol(cy);
	const moId = (await call<{ id: string }>('GET', '/me', undefined, moToken)).data.id;
	expect((await call('PUT', `/communities/${cid}/members/${moId}`, { role: 'moderator' }, admin)).status).toBe(204);
	const neighbours = await Promise.all([1, 2, 3, 4].map((i) => enrol({
		name: `Neighbour ${i}`, email: `neighbour${i}.${Date.now()}@e2e.example.org`, password: `a neighbourly passphrase number ${i}`
	})));
	for (const token of [cyToken, ...neighbours]) expect([200, 201]).toContain((await call('POST', `/communities/${cid}/join`, {}, token)).status);
	for (const [i, token] of [admin, moToken, ...neighbours].entries()) {
		expect((await call('POST', `/modules/${ideas}/contributions`, { title: `Idea ${i + 1}`, body: `Reading corner number ${i + 1}.` }, token)).status).toBe(201);
	}
	const flagged = await call<{ id: string }>('POST', `/modules/${ideas}/contributions`, { title: 'Buy my watches', body: 'Cheap watches at example.org, today only!' }, cyToken);
	expect(flagged.status).toBe(201);
	expect((await call('POST', `/contributions/${flagged.data.id}/flags`, { reason: 'spam', note: 'An advert, not an idea.' }, neighbours[0])).status).toBe(202);
	// One response only: the questionnaire's figures are suppressed (fewer than k people).
	expect((await call('POST', `/modules/${questionnaire}/responses`, { answers: { [question]: 'Evenings' } }, cyToken)).status).toBe(201);
	return { cid, ideas, questionnaire, flagged: flagged.data.id };
}

/** Nothing wider than a 320 px screen (tables scroll inside their own box). */
async function fits320(page: Page) {
	const size = page.viewportSize();
	await page.setViewportSize({ width: 320, height: 700 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	if (size) await page.setViewportSize(size);
}

test.beforeAll(async ({ browser }) => {
	mo = await person(browser, 'Mo');
	cy = await person(browser, 'Cy');
	boss = await person(browser, 'Boss');
	boss.email = process.env.AGORA_E2E_ADMIN_EMAIL!;
	boss.password = process.env.AGORA_E2E_ADMIN_PASSWORD!;
	ids = await setUp();
});

test.afterAll(async () => {
	for (const p of [mo, cy, boss]) {
		expect(p.cspErrors, `CSP violations (${p.name})`).toEqual([]);
		expect(p.thirdParty, `requests to third parties (${p.name})`).toEqual([]);
		await p.context.close();
	}
});

test('a member sees no console, and the API refuses it to them', async () => {
	await signIn(cy);
	await expect(cy.page.getByRole('link', { name: 'My account' })).toBeVisible();
	await cy.page.waitForLoadState('networkidle');
	await expect(cy.page.getByRole('link', { name: 'Console', exact: true })).toHaveCount(0);
	await cy.page.goto(`/console/communities/${ids.cid}/moderation`);
	await expect(cy.page.getByText('You are not allowed to do this.')).toBeVisible();
	await cy.page.goto('/console');
	await expect(cy.page.getByText('You do not moderate or administer any community.')).toBeVisible();
	await check(cy.page, 'console-none');
});

test('a moderator decides a flagged item from the queue, by keyboard, and finds it in the log', async () => {
	const { page } = mo;
	await signIn(mo);
	await page.getByRole('link', { name: 'Console', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Console' })).toBeVisible();
	await check(page, 'console-home');
	await page.getByRole('link', { name: 'Consoleville' }).click();
	await expect(page.getByText('Your role here: moderator.')).toBeVisible();
	// A moderator is not offered the analytics (admins only).
	await expect(page.getByRole('link', { name: 'Analytics' })).toHaveCount(0);
	await check(page, 'console-community');
	await page.getByRole('navigation', { name: 'Console of Consoleville' }).getByRole('link', { name: 'Moderation queue' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Moderation queue' })).toBeVisible();
	const card = page.getByTestId('queue').getByRole('listitem').filter({ hasText: 'Buy my watches' });
	await expect(card).toContainText('1 reports');
	await expect(card).toContainText('Hidden now');
	await check(page, 'console-queue');
	await card.getByRole('link').click();
	await expect(page.getByText('Cheap watches at example.org, today only!')).toBeVisible();
	await expect(page.getByText('Spam: 1')).toBeVisible();
	await expect(page.getByText('An advert, not an idea.')).toBeVisible();
	await expect(page.getByTestId('author-history')).toContainText('Earlier decided cases');
	await expect(page.getByText('Required, at most 2000 characters.')).toBeVisible();
	await check(page, 'console-case');
	await fits320(page);

	// Sent empty, the form says what the API would refuse and sends nothing.
	let decisions = 0;
	page.on('request', (r) => {
		if (r.url().includes('/decision') && r.method() === 'POST') decisions++;
	});
	await page.getByRole('button', { name: 'Record the decision' }).click();
	await expect(page.getByText('This field is required.')).toBeVisible();
	expect(decisions).toBe(0);

	// By keyboard: the reason, then the rule, Enter sends.
	await page.getByLabel('Reason', { exact: true }).focus();
	await page.keyboard.type('An advertisement for watches: not an idea for the library.');
	await page.keyboard.press('Tab');
	await expect(page.getByLabel(/^Rule applied/)).toBeFocused();
	await page.keyboard.type('No advertising');
	await page.keyboard.press('Enter');
	await expect(page.getByText('The decision is recorded and the author is told why.')).toBeVisible();
	expect(decisions).toBe(1);
	await expect(page.getByTestId('case-status')).toHaveText('Decided');
	await expect(page.getByTestId('decision')).toContainText('Remove');
	await expect(page.getByText('This case is decided.')).toBeVisible();
	await check(page, 'console-case-decided');

	await page.getByRole('link', { name: 'Decision log' }).click();
	const row = page.getByTestId('log').getByRole('row').filter({ hasText: 'An advertisement for watches' });
	await expect(row).toContainText('Remove');
	await expect(row).toContainText('No advertising');
	await expect(row).toContainText('Mo');
	await check(page, 'console-log');
	await page.getByRole('link', { name: 'Moderation queue' }).click();
	await expect(page.getByText('Nothing to moderate: the queue is empty.')).toBeVisible();

	// The author hears of it, with the reason.
	await expect.poll(async () => {
		const token = (await call<{ access_token: string }>('POST', '/auth/login', { email: cy.email, password: cy.password })).data.access_token;
		const list = await call<{ items: { body?: string; title?: string }[] }>('GET', '/me/notifications', undefined, token);
		return JSON.stringify(list.data.items);
	}, { timeout: 30_000 }).toContain('An advertisement for watches');
});

test('an admin reads the analytics: charts, pickers, CSV, and suppressed figures explained', async () => {
	const { page } = boss;
	// Participation is counted by the worker, off the request path: wait until it is.
	await expect.poll(async () => {
		const r = await call<{ totals: { participants: number | null } }>('GET', `/communities/${ids.cid}/analytics`, undefined, admin);
		return r.data.totals?.participants ?? 0;
	}, { timeout: 60_000 }).toBeGreaterThanOrEqual(7);
	await signIn(boss);
	const assets: string[] = [];
	page.on('request', (r) => {
		const url = new URL(r.url());
		if (url.origin === new URL(WEB()).origin && /\.(js|css)$/.test(url.pathname)) assets.push(url.pathname);
	});
	await page.goto('/console');
	await expect(page.getByText('As a platform administrator')).toBeVisible();
	await page.getByRole('listitem').filter({ hasText: 'Consoleville' }).getByRole('link', { name: 'Analytics' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
	await expect(page.getByTestId('totals').locator('dd').first()).toHaveText('7');
	await expect(page.getByTestId('chart-days').locator('rect.bar').first()).toBeAttached();
	// The questionnaire has one participant: suppressed, and said why.
	const modules = page.getByTestId('modules');
	await expect(modules.getByRole('listitem').filter({ hasText: 'Opening hours' })).toContainText('hidden');
	await expect(page.getByText(/^Modules: 1 hidden, since fewer than \d+ people are behind each/)).toBeVisible();
	await expect(page.getByTestId('suppressed-summary')).toContainText(/hidden in this view/);
	await page.waitForLoadState('networkidle');
	const kb = gzippedKb(assets);
	console.log(`/console analytics: ${kb.toFixed(1)} KB JS+CSS gzipped`);
	expect(kb).toBeLessThanOrEqual(100);
	await check(page, 'console-analytics');
	await fits320(page);

	// A period the API would refuse is refused here, next to its field, before asking.
	await page.getByLabel('From', { exact: true }).fill('2026-03-02');
	await page.getByLabel('To', { exact: true }).fill('2026-03-01');
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.getByText('The start must be on or before the end.')).toBeVisible();
	await page.getByLabel('From', { exact: true }).fill('');
	await page.getByLabel('To', { exact: true }).fill('');

	// One module: its questionnaire figures, hidden with the reason.
	await page.getByLabel('Module', { exact: true }).selectOption({ label: 'Opening hours' });
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page).toHaveURL(new RegExp(`module=${ids.questionnaire}`));
	await expect(page.getByRole('heading', { name: 'When would you come?' })).toBeVisible();
	await expect(page.getByText(/^When would you come\?: every figure is hidden, since fewer than \d+ people/)).toBeVisible();
	await check(page, 'console-analytics-module');

	// The CSV download: the same figures as a file.
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download as CSV' }).click();
	expect((await download).suggestedFilename()).toMatch(/\.csv$/);

	// In French, every word.
	await page.getByLabel('Language').selectOption('fr');
	await expect(page.getByRole('heading', { level: 1, name: 'Statistiques' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Télécharger en CSV' })).toBeVisible();
	await check(page, 'console-analytics-fr');
});

test('an admin changes the community’s settings: limits stated, refusals before sending, saved', async () => {
	const { page } = boss;
	await page.getByLabel('Langue').selectOption('en');
	await page.goto(`/console/communities/${ids.cid}/settings`);
	await expect(page.getByRole('heading', { level: 1, name: 'Community settings' })).toBeVisible();
	await expect(page.getByText('Optional, a whole number from 1 to 1000.')).toBeVisible();
	await page.getByRole('checkbox', { name: 'Français' }).check();
	await page.getByLabel('Français').first().fill('Consoleville (FR)');
	await page.getByLabel('Reports that hide an item').fill('0');
	let patches = 0;
	page.on('request', (r) => {
		if (r.method() === 'PATCH') patches++;
	});
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('At least 1.')).toBeVisible();
	expect(patches).toBe(0);
	await page.getByLabel('Reports that hide an item').fill('2');
	await check(page, 'console-settings');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	expect(patches).toBe(1);
	const after = await call<{ flag_threshold: number; languages: string[]; translations: { name: Record<string, string> } }>('GET', `/communities/${ids.cid}`, undefined, admin);
	expect(after.data.flag_threshold).toBe(2);
	expect(after.data.languages).toEqual(['en', 'fr']);
	expect(after.data.translations.name.fr).toBe('Consoleville (FR)');
	await fits320(page);
});

test('a platform admin creates a community, makes it private and shows a new access code', async () => {
	const { page } = boss;
	await page.goto('/console');
	await page.getByRole('link', { name: 'Create a community' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Create a community' })).toBeVisible();
	await expect(page.getByText('Required, at most 200 characters.')).toBeVisible();
	await page.getByRole('button', { name: 'Create the community' }).click();
	await expect(page.getByText('This field is required.')).toBeVisible();
	await check(page, 'console-new');
	await page.getByLabel('Name', { exact: true }).fill('Newtown');
	await page.getByLabel('Description', { exact: true }).fill('A community made in the console.');
	await page.getByRole('button', { name: 'Create the community' }).click();
	await expect(page.getByText('The community is created: you are its first administrator.')).toBeVisible();
	await page.getByRole('radio', { name: 'Private' }).check();
	await expect(page.getByText('Once private, the community is hidden from outsiders')).toBeVisible();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	await page.getByRole('button', { name: 'Make a new access code' }).click();
	await expect(page.getByText('The current code will stop working at once.')).toBeVisible();
	await page.getByRole('button', { name: 'Yes' }).click();
	await expect(page.getByTestId('access-code')).not.toBeEmpty();
	const code = await page.getByTestId('access-code').textContent();
	await check(page, 'console-new-settings');
	const cid = new URL(page.url()).pathname.split('/')[3];
	const cyToken = (await call<{ access_token: string }>('POST', '/auth/login', { email: cy.email, password: cy.password })).data.access_token;
	expect([200, 201]).toContain((await call('POST', `/communities/${cid}/join`, { access_code: code }, cyToken)).status);
});

/** Whether an email to `to` mentioning `text` is in the local outbox. */
function mailed(to: string, text: string): boolean {
	const dir = process.env.AGORA_E2E_OUTBOX!;
	let files: string[] = [];
	try {
		files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
	} catch {
		return false;
	}
	return files.some((f) => {
		const mail = readFileSync(join(dir, f), 'utf8').replace(/=\r?\n/g, '');
		return new RegExp(`^To: .*${to.replace(/[.+]/g, '\\$&')}`, 'mi').test(mail) && mail.includes(text);
	});
}

test('an admin posts an update and announces an event; a follower hears of the update in the app and by mail', async () => {
	const { page } = boss;
	const cyToken = (await call<{ access_token: string }>('POST', '/auth/login', { email: cy.email, password: cy.password })).data.access_token;
	expect((await call('PUT', `/communities/${ids.cid}/follow`, undefined, cyToken)).status).toBe(204);
	await page.goto(`/console/communities/${ids.cid}/news`);
	await expect(page.getByRole('heading', { level: 1, name: 'Updates and events' })).toBeVisible();
	await page.getByRole('button', { name: 'Publish the update' }).click();
	await expect(page.getByText('This field is required.').first()).toBeVisible();
	await check(page, 'console-news');
	await page.getByLabel('Title').first().fill('The library opens on Monday');
	await page.getByLabel('Text', { exact: true }).fill('Come and see the reading corners you chose.');
	await page.getByRole('button', { name: 'Publish the update' }).click();
	await expect(page.getByText('Published: the followers are told.')).toBeVisible();
	await expect(page.getByTestId('updates')).toContainText('The library opens on Monday');

	// An event whose end is before its start is refused before sending.
	await page.getByLabel('Title').last().fill('Opening party');
	await page.getByLabel('Starts').fill('2030-05-02T18:00');
	await page.getByLabel('Ends').fill('2030-05-02T17:00');
	await page.getByRole('button', { name: 'Announce the event' }).click();
	await expect(page.getByText('The end cannot be before the start.')).toBeVisible();
	await page.getByLabel('Ends').fill('2030-05-02T21:00');
	await page.getByLabel('Place').fill('The library, Main Street');
	await page.getByRole('button', { name: 'Announce the event' }).click();
	await expect(page.getByText('Announced: the followers are told.')).toBeVisible();
	await expect(page.getByTestId('events')).toContainText('Opening party');
	await check(page, 'console-news-sent');

	await expect.poll(async () => {
		const list = await call<{ items: unknown[] }>('GET', '/me/notifications', undefined, cyToken);
		return JSON.stringify(list.data.items);
	}, { timeout: 30_000 }).toContain('The library opens on Monday');
	await expect.poll(() => mailed(cy.email, 'The library opens on Monday'), { timeout: 30_000 }).toBe(true);
});

test('an admin closes a module, publishes its results and reopens it until a new date', async () => {
	const { page } = boss;
	await page.goto(`/console/communities/${ids.cid}/modules`);
	await expect(page.getByRole('heading', { level: 1, name: 'Projects and modules' })).toBeVisible();
	const card = page.getByTestId(`module-${ids.questionnaire}`);
	await expect(card.getByTestId('status')).toHaveText('Open');
	await check(page, 'console-modules');
	await card.getByRole('button', { name: 'Close now' }).click();
	await expect(card.getByTestId('status')).toHaveText('Closed');
	await card.getByRole('button', { name: 'Publish the results' }).click();
	await expect(card.getByText('Results published')).toBeVisible();
	// Reopening needs a new closing time: said before asking.
	await card.getByRole('button', { name: 'Reopen' }).click();
	await expect(card.getByText('A closed consultation reopens until a new closing time')).toBeVisible();
	await card.getByLabel('Reopen until').fill('2031-01-01T12:00');
	await card.getByRole('button', { name: 'Reopen' }).click();
	await expect(card.getByTestId('status')).toHaveText('Open');
	await check(page, 'console-modules-changed');
	const module = await call<{ status: string; results_published_at: string | null }>('GET', `/modules/${ids.questionnaire}`, undefined, admin);
	expect(module.data.status).toBe('open');
	expect(module.data.results_published_at).toBeTruthy();
	// Each module and project links to its edit page.
	await card.getByRole('link', { name: /^Edit the module/ }).click();
	await expect(page.getByRole('heading', { name: 'Edit the module' })).toBeVisible();
});

test('the author appeals the removal; not the moderator who decided, another one restores it', async () => {
	// The author, from the page their notice links to.
	await cy.page.goto(`/moderation/${ids.flagged}`);
	await expect(cy.page.getByTestId('decision')).toContainText('Removed by the moderators');
	await expect(cy.page.getByText('An advertisement for watches: not an idea for the library.')).toBeVisible();
	await expect(cy.page.getByText('Optional, at most 2000 characters.')).toBeVisible();
	await check(cy.page, 'moderation-author');
	await cy.page.getByLabel(/^What you want the moderator to know/).fill('It was a joke between neighbours.');
	await cy.page.getByRole('button', { name: 'Send my appeal' }).click();
	await expect(cy.page.getByText('Your appeal is sent: another moderator will review it.')).toBeVisible();
	await check(cy.page, 'moderation-author-appealed');

	// The moderator who decided is not offered the appeal.
	await mo.page.goto(`/console/communities/${ids.cid}/moderation`);
	await mo.page.getByTestId('queue').getByRole('link', { name: /Buy my watches/ }).click();
	await expect(mo.page.getByTestId('case-status')).toHaveText('Appealed');
	await expect(mo.page.getByText('It was a joke between neighbours.')).toBeVisible();
	await expect(mo.page.getByText('You decided this case: another moderator decides the appeal.')).toBeVisible();
	await expect(mo.page.getByTestId('decision-form')).toHaveCount(0);

	// Another one (here the platform admin) restores it.
	const { page } = boss;
	await page.goto(`/console/communities/${ids.cid}/moderation/${ids.flagged}`);
	await expect(page.getByRole('heading', { name: 'Decide the appeal' })).toBeVisible();
	await page.getByRole('radio', { name: 'Restore' }).check();
	await page.getByLabel('Reason', { exact: true }).fill('On appeal: a joke, not an advert; it may stay.');
	await page.getByRole('button', { name: 'Record the decision' }).click();
	await expect(page.getByText('The decision is recorded and the author is told why.')).toBeVisible();
	await expect(page.getByTestId('case-status')).toHaveText('Decided');
	await check(page, 'console-appeal-decided');
	await page.getByRole('link', { name: 'Decision log' }).click();
	await expect(page.getByTestId('log').getByRole('row').filter({ hasText: 'On appeal: a joke' })).toContainText('on appeal');
});

test('an admin sets a demographic question; an offered option cannot be removed, only renamed', async () => {
	const { page } = boss;
	await page.goto(`/console/communities/${ids.cid}/demographics`);
	await expect(page.getByRole('heading', { level: 1, name: 'Demographic questions' })).toBeVisible();
	await page.getByRole('button', { name: 'Add a question' }).click();
	await page.getByLabel('Question', { exact: true }).fill('Age group');
	await page.getByLabel('Option 1', { exact: true }).fill('Under 30');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Give 2 to 12 options.')).toBeVisible();
	await page.getByLabel('Option 2', { exact: true }).fill('30 or more');
	await check(page, 'console-demographics');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	await page.getByLabel('Option 1', { exact: true }).fill('');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('An option already offered cannot be removed: rename it instead.')).toBeVisible();
	const asked = await call<{ questions: { prompt: string; options: string[] }[] }>('GET', `/communities/${ids.cid}/demographics`, undefined, admin);
	expect(asked.data.questions).toMatchObject([{ prompt: 'Age group', options: ['Under 30', '30 or more'] }]);
});
