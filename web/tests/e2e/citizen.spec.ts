// Issue 16's end-to-end run: two people in two browser contexts against the local platform.
import { test, expect } from '@playwright/test';
import { API, WEB, adminToken, apiCallsBeforeTitle, call, watchTitle, check, gzippedKb, mailLink, person, register, signIn, type Person } from './helpers';

type Ids = { cid: string; code: string; pid: string; ideas: string; budget: string; questionnaire: string; map: string; debate: string; publicModule: string };

test.describe.configure({ mode: 'serial' });

let ada: Person;
let bob: Person;
let ids: Ids;
let admin: string;
let ideaUrl = '';
// A 1×1 PNG, as an attachment.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function setUp(): Promise<Ids> {
	admin = await adminToken();
	const community = await call<{ id: string }>('POST', '/communities', {
		name: 'Testville', description: 'The town where everything is tested.', visibility: 'private', flag_threshold: 1
	}, admin);
	expect(community.status).toBe(201);
	const cid = community.data.id;
	const code = (await call<{ access_code: string }>('POST', `/communities/${cid}/access-code`, undefined, admin)).data.access_code;
	const pid = (await call<{ id: string }>('POST', `/communities/${cid}/projects`, { title: 'The park', description: 'What should the park become?' }, admin)).data.id;
	await call('POST', `/communities/${cid}/updates`, { title: 'Welcome', body: 'The consultation starts.' }, admin);
	const now = Date.now();
	const window = { opens_at: new Date(now - 60_000).toISOString(), closes_at: new Date(now + 86_400_000).toISOString() };
	const mod = async (type: string, title: string, settings?: unknown) =>
		(await call<{ id: string }>('POST', `/projects/${pid}/modules`, { type, title, ...window, ...(settings ? { settings } : {}) }, admin)).data.id;
	const open = (await call<{ id: string }>('POST', '/communities', { name: 'Openville', description: 'Everyone is welcome.', visibility: 'public' }, admin)).data.id;
	const openProject = (await call<{ id: string }>('POST', `/communities/${open}/projects`, { title: 'The square', description: 'A new square.' }, admin)).data.id;
	const publicModule = (await call<{ id: string }>('POST', `/projects/${openProject}/modules`, { type: 'ideas', title: 'Ideas for the square', ...window }, admin)).data.id;
	await call('POST', `/modules/${publicModule}/contributions`, { title: 'Trees', body: 'Plane trees for shade.' }, admin);
	const ids: Ids = {
		cid, code, pid, publicModule,
		ideas: await mod('ideas', 'Ideas for the park'),
		budget: await mod('budget', 'The park budget', { budget_total: 100, min_choices: 1, max_choices: 2 }),
		questionnaire: await mod('questionnaire', 'How do you use the park?'),
		map: await mod('map', 'Where is the park unsafe?'),
		debate: await mod('debate', 'Should the park close at night?')
	};
	for (const q of [
		{ prompt: 'How often do you go?', kind: 'single_choice', options: ['Daily', 'Weekly', 'Rarely'], required: true },
		{ prompt: 'What for?', kind: 'multiple_choice', options: ['Walks', 'Sport', 'Picnics'] },
		{ prompt: 'How safe does it feel?', kind: 'scale', scale: { min: 1, max: 5 } },
		{ prompt: 'Anything else?', kind: 'text' }
	]) expect((await call('POST', `/modules/${ids.questionnaire}/questions`, q, admin)).status).toBe(201);
	for (const [title, cost] of [['Benches', 40], ['Playground', 50], ['Lights', 10], ['Fountain', 70]] as const) {
		expect((await call('POST', `/modules/${ids.budget}/contributions`, { title, body: `${title} for the park.`, cost }, admin)).status).toBe(201);
	}
	expect((await call('POST', `/modules/${ids.map}/contributions`, { title: 'Dark corner', body: 'No light here.', location: { lat: 48.8606, lon: 2.3376 } }, admin)).status).toBe(201);
	return ids;
}

test.beforeAll(async ({ browser }) => {
	ids = await setUp();
	ada = await person(browser, 'Ada');
	bob = await person(browser, 'Bob');
});

test.afterAll(async () => {
	expect(ada.cspErrors.concat(bob.cspErrors), 'CSP violations').toEqual([]);
	expect(ada.thirdParty.concat(bob.thirdParty), 'requests to third parties').toEqual([]);
	await ada.context.close();
	await bob.context.close();
});

test('the home page and a module page: at most 100 KB of JS and CSS, 3 API calls before content', async ({ browser }) => {
	for (const [path, heading] of [['/', 'Communities'], [`/modules/${ids.publicModule}`, 'Ideas for the square']] as const) {
		const context = await browser.newContext({ baseURL: WEB() });
		const page = await context.newPage();
		const assets: string[] = [];
		page.on('request', (r) => {
			const url = new URL(r.url());
			if (url.origin === new URL(WEB()).origin && /\.(js|css)$/.test(url.pathname)) assets.push(url.pathname);
		});
		await watchTitle(page);
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
		const callsBeforeContent = await apiCallsBeforeTitle(page);
		await page.waitForLoadState('networkidle');
		const kb = gzippedKb(assets);
		console.log(`${path}: ${kb.toFixed(1)} KB JS+CSS gzipped, ${callsBeforeContent} API calls before content`);
		expect(kb).toBeLessThanOrEqual(100);
		expect(callsBeforeContent).toBeLessThanOrEqual(3);
		if (path === '/') {
			await expect(page.getByRole('link', { name: 'Openville' })).toBeVisible();
			await check(page, 'home-signed-out');
			await page.getByLabel('Language').selectOption('fr');
			await expect(page.getByRole('heading', { level: 1, name: 'Communautés' })).toBeVisible();
			await page.reload();
			await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
			await check(page, 'home-fr');
			await page.keyboard.press('Tab');
			await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
			await expect(page.getByRole('link', { name: 'Aller au contenu' })).toHaveCSS('outline-style', 'solid');
			await page.keyboard.press('Enter');
			await expect(page.locator('main')).toBeFocused();
		} else {
			await check(page, 'module-public');
		}
		await context.close();
	}
});

test('register and confirm by the emailed link, then sign in', async () => {
	await register(ada);
	await register(bob, 'bobby');
	await signIn(ada);
	// The session's end (a day after sign-in, as the API answers it) is shown.
	await expect(ada.page.getByTestId('session-until')).toBeVisible();
	await check(ada.page, 'home');
	await signIn(bob);
});

test('join the private community with its code', async () => {
	for (const p of [ada, bob]) {
		await p.page.goto(`/communities/${ids.cid}`);
		await expect(p.page.getByRole('heading', { name: 'A private community' })).toBeVisible();
		if (p === ada) {
			await p.page.getByLabel('Access code').fill('WRONG-CODE');
			await p.page.getByRole('button', { name: 'Join' }).click();
			await expect(p.page.getByRole('alert').filter({ hasText: /access code is not right/ })).toBeVisible();
			await check(p.page, 'community-private');
		}
		await p.page.getByLabel('Access code').fill(ids.code);
		await p.page.getByRole('button', { name: 'Join' }).click();
		await expect(p.page.getByText('Welcome: you joined the community.')).toBeVisible();
		await expect(p.page.getByRole('heading', { name: 'Testville', level: 1 })).toBeVisible();
	}
	await ada.page.getByRole('button', { name: 'Not now' }).click();
	await check(ada.page, 'community');
	await bob.page.getByText('Follow', { exact: true }).first().click();
	await ada.page.getByRole('link', { name: 'The park' }).click();
	await expect(ada.page.getByRole('heading', { name: 'The park' })).toBeVisible();
	await check(ada.page, 'project');
});

test('post an idea anonymously; the other comments; the first is notified and replies', async () => {
	const { page } = ada;
	await page.goto(`/modules/${ids.ideas}`);
	await page.getByLabel('Title').fill('A community garden');
	await page.getByLabel('Your text').fill('Vegetable beds that neighbours look after together.');
	await page.getByLabel('Anonymous').check();
	await page.getByLabel(/Images or PDF/).setInputFiles({ name: 'garden.png', mimeType: 'image/png', buffer: PNG });
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByText('Thank you: your contribution is published.')).toBeVisible();
	await expect(page.getByText('garden.png uploaded')).toBeVisible();
	await check(page, 'module-ideas');
	await page.getByRole('link', { name: 'A community garden' }).click();
	await expect(page).toHaveURL(/\/contributions\//);
	await expect(page.getByText('By Anonymous')).toBeVisible();
	ideaUrl = new URL(page.url()).pathname;
	await expect(async () => {
		await page.reload();
		await expect(page.getByRole('img', { name: 'Attachment: garden.png' })).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 20_000 });

	await bob.page.goto(`/modules/${ids.ideas}`);
	await expect(bob.page.getByText('New', { exact: true })).toBeVisible();
	await bob.page.getByLabel('Sort by').selectOption('most_engaged');
	await expect(bob.page).toHaveURL(/sort=most_engaged/);
	await bob.page.getByRole('link', { name: 'A community garden' }).click();
	await bob.page.getByLabel('Your comment').fill('Count me in for the tomatoes.');
	await bob.page.getByLabel('My pseudonym').check();
	await bob.page.getByRole('button', { name: 'Send' }).last().click();
	await expect(bob.page.getByText('Count me in for the tomatoes.')).toBeVisible();
	await expect(bob.page.getByText('By bobby')).toBeVisible();

	await expect(async () => {
		await page.goto('/notifications');
		await expect(page.getByTestId('notification').first()).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await expect(page.getByTestId('unread-count')).toHaveText('1');
	await check(page, 'notifications');
	await page.getByTestId('notification').getByRole('link').first().click();
	await expect(page).toHaveURL(new RegExp(ideaUrl));
	await page.getByRole('button', { name: 'Reply' }).click();
	await page.getByLabel('Your reply to bobby').fill('Wonderful, see you there.');
	await page.getByRole('button', { name: 'Send' }).first().click();
	await expect(page.getByText('Wonderful, see you there.')).toBeVisible();
	await check(page, 'contribution');

	// Bob edits a second comment of his, then deletes it (no reply: it goes), and deletes his
	// first one, which has a reply: it stays in the thread as deleted, the reply under it.
	await bob.page.reload();
	await bob.page.getByLabel('Your comment').fill('I can bring sedds.');
	await bob.page.getByRole('button', { name: 'Send' }).last().click();
	const second = bob.page.getByTestId('comment').filter({ hasText: 'I can bring sedds.' });
	await second.getByRole('button', { name: 'Edit', exact: true }).click();
	await bob.page.getByRole('textbox', { name: 'Edit the comment' }).fill('');
	await bob.page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(bob.page.getByText('Write something, or delete the comment.')).toBeVisible();
	await bob.page.getByRole('textbox', { name: 'Edit the comment' }).fill('I can bring seeds.');
	await bob.page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(bob.page.getByText('Comment saved.')).toBeVisible();
	const edited = bob.page.getByTestId('comment').filter({ hasText: 'I can bring seeds.' });
	await expect(edited.getByText(/edited/)).toBeVisible();
	await check(bob.page, 'comment-edited');
	bob.page.once('dialog', (d) => d.accept());
	await edited.getByRole('button', { name: 'Delete', exact: true }).click();
	await expect(bob.page.getByText('I can bring seeds.')).toHaveCount(0);
	bob.page.once('dialog', (d) => d.accept());
	await bob.page.getByTestId('comment').filter({ hasText: 'Count me in for the tomatoes.' }).getByRole('button', { name: 'Delete', exact: true }).click();
	await expect(bob.page.getByText('Count me in for the tomatoes.')).toHaveCount(0);
	await expect(bob.page.getByTestId('comment').first()).toHaveText(/Comment deleted/);
	await expect(bob.page.getByText('Wonderful, see you there.')).toBeVisible();
	await expect(bob.page.getByRole('heading', { name: 'Comments (1)' })).toBeVisible();
});

test('upvote, react and favourite; the favourite is listed', async () => {
	const { page } = bob;
	await page.goto(ideaUrl);
	await page.getByTestId('upvote').click();
	await expect(page.getByTestId('upvote')).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByTestId('upvote')).toContainText('(1)');
	await page.getByTestId('react-heart').click();
	await expect(page.getByTestId('react-heart')).toHaveAttribute('aria-pressed', 'true');
	await page.getByTestId('favorite').click();
	await expect(page.getByTestId('favorite')).toHaveAttribute('aria-pressed', 'true');
	await check(page, 'contribution-reacted');
	await page.goto('/favorites');
	await expect(page.getByRole('link', { name: 'A community garden' })).toBeVisible();
	await check(page, 'favorites');
});

test('flag until hidden', async () => {
	await ada.page.goto(`/modules/${ids.ideas}`);
	await ada.page.getByLabel('Title').fill('Buy cheap watches');
	await ada.page.getByLabel('Your text').fill('Best prices at my shop.');
	await ada.page.getByRole('button', { name: 'Send' }).click();
	await expect(ada.page.getByText('Thank you: your contribution is published.')).toBeVisible();
	await ada.page.getByRole('link', { name: 'Buy cheap watches' }).click();
	await expect(ada.page).toHaveURL(/\/contributions\//);
	const url = new URL(ada.page.url()).pathname;

	const { page } = bob;
	await page.goto(url);
	await page.getByRole('button', { name: 'Report' }).click();
	await page.getByLabel('Why do you report it?').selectOption('spam');
	await page.getByLabel(/Note for the moderators/).fill('Advertising.');
	await check(page, 'flag');
	await page.getByRole('button', { name: 'Report' }).last().click();
	await expect(page.getByText('Thank you: the moderators will look at it.')).toBeVisible();
	await page.goto(url);
	await expect(page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
	await ada.page.goto(url);
	await expect(ada.page.getByTestId('hidden')).toBeVisible();
});

test('a budget ballot, with each refusal explained', async () => {
	// A citizen's idea with its cost (a negative one refused at the field).
	await ada.page.goto(`/modules/${ids.budget}`);
	await ada.page.getByLabel('Title').fill('Compost bins');
	await ada.page.getByLabel('Your text').fill('Bins for the gardeners.');
	await ada.page.getByLabel('Estimated cost').fill('-5');
	await ada.page.getByRole('button', { name: 'Send' }).click();
	await expect(ada.page.getByText('At least 0.')).toBeVisible();
	await ada.page.getByLabel('Estimated cost').fill('30');
	await ada.page.getByRole('button', { name: 'Send' }).click();
	await expect(ada.page.getByText('Thank you: your contribution is published.')).toBeVisible();
	const mine = await call<{ items: { title: string; cost: number | null }[] }>('GET', `/modules/${ids.budget}/contributions?sort=latest`, undefined, admin);
	expect(mine.data.items.find((c) => c.title === 'Compost bins')?.cost).toBe(30);
	// Her own idea is on her ballot with its cost, although her unread-first feed puts it last.
	await expect(ada.page.locator('form[aria-labelledby="ballot-heading"]').getByRole('checkbox', { name: /^Compost bins · Cost: 30/ })).toBeVisible();

	const { page } = bob;
	await page.goto(`/modules/${ids.budget}`);
	await expect(page.getByTestId('ballot-total')).toContainText('Left: 100');
	const ballot = page.locator('form[aria-labelledby="ballot-heading"]');
	const submit = ballot.getByRole('button', { name: 'Cast my ballot' });
	const box = (title: string) => ballot.getByRole('checkbox', { name: new RegExp(`^${title}`) });

	await submit.click();
	await expect(ballot.getByRole('alert')).toContainText('Choose more ideas');
	await box('Fountain').check();
	await box('Benches').check();
	await expect(page.getByTestId('ballot-total')).toContainText('Over the budget by 10');
	await submit.click();
	await expect(ballot.getByRole('alert')).toContainText('costs more than the budget');
	await box('Fountain').uncheck();
	await box('Playground').check();
	await box('Lights').check();
	await submit.click();
	await expect(ballot.getByRole('alert')).toContainText('Too many ideas');
	await box('Lights').focus();
	await page.keyboard.press('Space');
	await expect(page.getByTestId('ballot-total')).toContainText('Left: 10');
	await submit.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText('Your ballot is recorded.')).toBeVisible();
	await check(page, 'module-budget');
});

test("a consultation not open yet, and one closed: said, and nothing offered to post", async () => {
	const { page } = ada;
	const day = 86_400_000;
	const later = (await call<{ id: string }>('POST', `/projects/${ids.pid}/modules`, {
		type: 'ideas', title: 'Ideas for next year', opens_at: new Date(Date.now() + day).toISOString(), closes_at: new Date(Date.now() + 2 * day).toISOString()
	}, admin)).data.id;
	const done = (await call<{ id: string }>('POST', `/projects/${ids.pid}/modules`, {
		type: 'ideas', title: 'Ideas from last year', opens_at: new Date(Date.now() - 60_000).toISOString(), closes_at: new Date(Date.now() + day).toISOString()
	}, admin)).data.id;
	expect((await call('POST', `/modules/${done}/close`, undefined, admin)).status).toBe(200);
	await page.goto(`/modules/${later}`);
	await expect(page.getByText(/This consultation opens on/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0);
	await check(page, 'module-upcoming');
	await page.goto(`/modules/${done}`);
	await expect(page.getByText('This consultation is closed: you can read but not take part.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0);
	await check(page, 'module-closed');
});

test('a questionnaire, once', async () => {
	const { page } = bob;
	await page.goto(`/modules/${ids.questionnaire}`);
	await page.getByRole('button', { name: 'Send my answers' }).click();
	await expect(page.getByText('This field is required.').or(page.getByText('This value is not valid.')).first()).toBeVisible();
	await page.getByLabel('Weekly').check();
	await page.getByLabel('Walks').check();
	await page.getByLabel('Picnics').check();
	await page.getByRole('radio', { name: '4' }).check();
	await page.getByLabel(/Anything else/).fill('More shade, please.');
	await check(page, 'module-questionnaire');
	await page.getByRole('button', { name: 'Send my answers' }).click();
	await expect(page.getByText('Thank you: your answers are recorded.')).toBeVisible();
	await page.reload();
	await expect(page.getByTestId('already-answered')).toBeVisible();
	expect((await call('POST', `/modules/${ids.questionnaire}/results/publish`, undefined, admin)).status).toBe(200);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible();
	await expect(page.getByRole('row', { name: /Weekly/ })).toContainText('1');
	await check(page, 'module-results');
});

test('the map: markers for the visible box, with tiles and with none, a place picked when posting', async () => {
	const { page } = ada;
	const tiles = process.env.AGORA_E2E_TILES; // the configured tile server on loopback
	const served: string[] = [];
	page.on('response', (r) => {
		if (tiles && r.url().includes(tiles) && r.ok()) served.push(r.url());
	});
	await page.goto(`/modules/${ids.map}`);
	const map = page.getByRole('application', { name: /Map of the contributions/ });
	await expect(map.getByRole('link', { name: 'Dark corner' })).toBeVisible();
	if (tiles) {
		// The tile URL is configuration: its tiles are drawn under the markers (allowed by the
		// CSP, no error), and the map stays usable when the tile server is gone.
		await expect.poll(() => served.length).toBeGreaterThan(0);
		await expect(map.locator('image').first()).toHaveAttribute('href', /\/\d+\/\d+\/\d+\.png$/);
		await page.route(`http://${tiles}/**`, (route) => route.abort());
		await page.reload();
		await expect(map.getByRole('link', { name: 'Dark corner' })).toBeVisible();
	}
	const before = await map.getAttribute('data-bbox');
	const moved = page.waitForRequest((r) => r.url().includes('/contributions?') && r.url().includes('bbox='));
	await map.focus();
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await moved;
	expect(await map.getAttribute('data-bbox')).not.toEqual(before);
	await expect(page.getByTestId('box-count')).toBeVisible();
	await check(page, 'module-map');

	await page.getByLabel('Title').fill('Broken lamp');
	await page.getByLabel('Your text').fill('The lamp by the gate is out.');
	const picker = page.getByRole('application', { name: 'Place' });
	await picker.click({ position: { x: 120, y: 90 } });
	await expect(page.getByTestId('picked')).toContainText('Place chosen');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByText('Thank you: your contribution is published.')).toBeVisible();
	await page.unroute(`http://${tiles}/**`);
	expect(ada.cspErrors).toEqual([]);
});

test('a debate with stances', async () => {
	const { page } = bob;
	await page.goto(`/modules/${ids.debate}`);
	await page.getByRole('radio', { name: 'Against' }).check();
	await page.getByLabel('Your text').fill('Night walks are part of city life.');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByRole('heading', { name: 'Against (1)' })).toBeVisible();
	await check(page, 'module-debate');
});

test('a lost connection says so and keeps what was typed', async () => {
	const { page, context } = bob;
	await page.goto(ideaUrl);
	await page.getByLabel('Your comment').fill('Typed while the train enters a tunnel.');
	await context.setOffline(true);
	await page.getByRole('button', { name: 'Send' }).last().click();
	await expect(page.getByText(/connection is lost/).first()).toBeVisible();
	await expect(page.getByLabel('Your comment')).toHaveValue('Typed while the train enters a tunnel.');
	await context.setOffline(false);
	await page.getByRole('button', { name: 'Send' }).last().click();
	await expect(page.getByText('Typed while the train enters a tunnel.').first()).toBeVisible();
	await expect(page.getByLabel('Your comment')).toHaveValue('');
});

test('a revoked session sends to sign-in and keeps the typed work', async () => {
	const { page } = bob;
	await page.goto(ideaUrl);
	await page.getByLabel('Your comment').fill('Written before my session ended.');
	const stored = await page.evaluate(() => localStorage.getItem('agora:session'));
	const refresh = JSON.parse(stored!).v.refresh_token as string;
	await call('POST', '/auth/refresh', { refresh_token: refresh });
	expect((await call('POST', '/auth/refresh', { refresh_token: refresh })).status).toBe(401);
	await page.getByRole('button', { name: 'Send' }).last().click();
	await expect(page).toHaveURL(/\/login\?next=/);
	await expect(page.getByText('Your session has ended')).toBeVisible();
	await check(page, 'login-session-ended');
	await page.getByLabel('Email').fill(bob.email);
	await page.getByLabel('Password').fill(bob.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(new RegExp(ideaUrl));
	await expect(page.getByLabel('Your comment')).toHaveValue('Written before my session ended.');
	await page.getByRole('button', { name: 'Send' }).last().click();
	await expect(page.getByText('Written before my session ended.').first()).toBeVisible();
});

test('account: export, then deletion; the content then shows "Deleted participant"', async () => {
	const { page } = ada;
	await page.goto('/account');
	await check(page, 'account');
	await page.getByRole('button', { name: 'Prepare my export' }).click();
	await expect(async () => {
		await page.getByRole('button', { name: 'Check again' }).click();
		await expect(page.getByTestId('export-download')).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 40_000 });
	const href = await page.getByTestId('export-download').getAttribute('href');
	const download = await page.request.get(href!);
	expect(download.ok()).toBeTruthy();

	await page.getByLabel('Password', { exact: true }).fill('not my password');
	await page.getByRole('button', { name: 'Delete my account for good' }).click();
	await expect(page.getByRole('alert').filter({ hasText: /password|attention|allowed/i })).toBeVisible();
	await page.getByLabel('Password', { exact: true }).fill(ada.password);
	await page.getByRole('button', { name: 'Delete my account for good' }).click();
	await expect(page.getByText('Your account is deleted.')).toBeVisible();
	await check(page, 'goodbye');

	await expect(async () => {
		await bob.page.goto(ideaUrl);
		await expect(bob.page.getByText('Wonderful, see you there.').locator('..').getByText('Deleted participant')).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 40_000 });
});

test('forgotten password: the emailed link, a new password, signed in with it', async () => {
	const { page } = bob;
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByText('You are signed out.')).toBeVisible();
	await page.getByRole('link', { name: 'Forgotten password?' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Forgotten password' })).toBeVisible();
	await page.getByLabel('Email').fill(bob.email);
	await page.getByRole('button', { name: 'Send me a link' }).click();
	await expect(page.getByText(/a link to choose a new password is on its way/)).toBeVisible();
	await check(page, 'forgot-password');
	await page.goto(await mailLink(bob.email, '/reset-password'));
	bob.password = 'a brand new passphrase for the reset';
	await page.getByLabel('New password').fill(bob.password);
	await check(page, 'reset-password');
	await page.getByRole('button', { name: 'Save my new password' }).click();
	await expect(page.getByText('Your password is changed.')).toBeVisible();
	await signIn(bob);
});

test('by keyboard alone: post an idea and comment on it', async () => {
	const { page } = bob;
	await watchTitle(page);
	await page.goto(`/modules/${ids.ideas}`);
	await expect(page.getByRole('heading', { level: 1, name: 'Ideas for the park' })).toBeVisible();
	expect(await apiCallsBeforeTitle(page), 'API calls before a module page shows, signed in').toBeLessThanOrEqual(3);
	await page.getByLabel('Title').focus();
	await page.keyboard.type('Benches in the shade');
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('Your text')).toBeFocused();
	await page.keyboard.type('Written without a mouse.');
	await page.getByRole('button', { name: 'Send' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText('Thank you: your contribution is published.')).toBeVisible();
	await page.getByRole('link', { name: 'Benches in the shade' }).focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/contributions\//);
	await page.getByLabel('Your comment').focus();
	await page.keyboard.type('And a drinking fountain nearby.');
	await page.getByRole('button', { name: 'Send' }).last().focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText('And a drinking fountain nearby.').first()).toBeVisible();
	await page.getByTestId('upvote').focus();
	await page.keyboard.press('Space');
	await expect(page.getByTestId('upvote')).toHaveAttribute('aria-pressed', 'true');
});

test('account: profile with an avatar, email categories, restriction, and an email change confirmed by its link', async () => {
	const { page } = bob;
	await page.goto('/account');
	await page.getByLabel('About me').fill('Gardener and cyclist.');
	await page.getByLabel('Interests', { exact: true }).fill('parks, bikes');
	await page.getByRole('button', { name: 'Save' }).first().click();
	await expect(page.getByText('Saved.').first()).toBeVisible();
	await page.getByLabel('Avatar').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
	await expect(page.getByText('Image uploaded: it shows once it is checked.')).toBeVisible();
	const emails = page.locator('section[aria-labelledby="emails-h"]');
	await emails.getByLabel('News of what I follow').uncheck();
	await emails.getByLabel('One daily digest instead of an email each time').check();
	await emails.getByRole('button', { name: 'Save' }).click();
	await expect(emails.getByText('Saved.')).toBeVisible();
	const privacy = page.locator('section[aria-labelledby="privacy-h"]');
	await privacy.getByLabel('Do not count my activity in the anonymised statistics').check();
	await privacy.getByRole('button', { name: 'Save' }).click();
	await expect(privacy.getByText('Saved.')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('About me')).toHaveValue('Gardener and cyclist.');
	await expect(emails.getByLabel('News of what I follow')).not.toBeChecked();
	await expect(privacy.getByLabel('Do not count my activity in the anonymised statistics')).toBeChecked();

	const newEmail = `bob.new.${Date.now()}@e2e.example.org`;
	const change = page.locator('section[aria-labelledby="email-h"]');
	await change.getByLabel('Email').fill(newEmail);
	await change.getByLabel('Current password').fill(bob.password);
	await change.getByRole('button', { name: 'Change my email' }).click();
	await expect(page.getByText(/We sent a link to the new address/)).toBeVisible();
	await page.goto(await mailLink(newEmail, '/confirm-email'));
	await expect(page.getByText('Your new email address is confirmed.')).toBeVisible();
	await check(page, 'confirm-email');
	bob.email = newEmail;
	await page.goto('/account');
	await expect(page.getByText(`Email address: ${newEmail}`)).toBeVisible();
});
