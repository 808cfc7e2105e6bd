// Issue 17's console, building a consultation end to end: an admin creates a project (its
// texts per language), then one module of each type, the questionnaire with every kind of
// question (drafted, reordered by keyboard and removed before they are added; one removed
// after), the budget with its rules, the map with where it starts, and moves the budget
// through its phases while a citizen's module page shows each one. What the API would
// refuse is said before sending; what only the API refuses shows at its field. axe on
// every page.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { adminToken, call, check, mailLink, person, signIn, type Person } from './helpers';

test.describe.configure({ mode: 'serial' });

let boss: Person;
let cit: Person;
let admin: string;
let citToken: string;
let cid: string;
let projectUrl: string;
let budget: string;

async function enrol(p: { name: string; email: string; password: string }): Promise<string> {
	expect((await call('POST', '/auth/register', { name: p.name, email: p.email, password: p.password })).status).toBe(202);
	const token = new URL(await mailLink(p.email, '/confirm')).searchParams.get('token');
	expect((await call('POST', '/auth/confirm', { token, password: p.password })).status).toBe(200);
	const login = await call<{ access_token: string }>('POST', '/auth/login', { email: p.email, password: p.password });
	expect(login.status).toBe(200);
	return login.data.access_token;
}

test.beforeAll(async ({ browser }) => {
	boss = await person(browser, 'Boss');
	boss.email = process.env.AGORA_E2E_ADMIN_EMAIL!;
	boss.password = process.env.AGORA_E2E_ADMIN_PASSWORD!;
	cit = await person(browser, 'Citizen');
	admin = await adminToken();
	const made = await call<{ id: string }>('POST', '/communities', {
		name: 'Buildtown', description: 'Where consultations are built.', visibility: 'public', languages: ['en', 'fr'], default_locale: 'en'
	}, admin);
	expect(made.status).toBe(201);
	cid = made.data.id;
	citToken = await enrol(cit);
	expect([200, 201]).toContain((await call('POST', `/communities/${cid}/join`, {}, citToken)).status);
});

test.afterAll(async () => {
	for (const p of [boss, cit]) {
		expect(p.cspErrors, `CSP violations (${p.name})`).toEqual([]);
		expect(p.thirdParty, `requests to third parties (${p.name})`).toEqual([]);
		await p.context.close();
	}
});

const group = (page: Page | Locator, name: string) => page.getByRole('group', { name, exact: true });

test('an admin creates a project in two languages, then edits it', async () => {
	const { page } = boss;
	await signIn(boss, `/console/communities/${cid}`);
	await page.getByRole('navigation', { name: 'Console of Buildtown' }).getByRole('link', { name: 'Build consultations' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Build consultations' })).toBeVisible();
	// Refused before sending: a title in no language (blanks do not count); the limits are said.
	await group(page, 'Title').getByLabel('Français').fill('   ');
	await page.getByRole('button', { name: 'Create the project' }).click();
	await expect(group(page, 'Title').getByText('Give it in at least one language.', { exact: true })).toBeVisible();
	await expect(group(page, 'Title').getByText(/Required, at most 200 characters\./)).toBeVisible();
	expect((await call<{ items: unknown[] }>('GET', `/communities/${cid}/projects`)).data.items).toEqual([]);
	await check(page, 'build-projects');
	await group(page, 'Title').getByLabel('English').fill('The new park');
	await group(page, 'Title').getByLabel('Français').fill('Le nouveau parc');
	await group(page, 'Description').getByLabel('English').fill('What should the park by the river hold?');
	// What only the API refuses shows at the field it names: a title that is only markup.
	await group(page, 'Title').getByLabel('English').fill('<b></b>');
	await page.getByRole('button', { name: 'Create the project' }).click();
	await expect(page.getByRole('alert')).toContainText('Some fields need your attention.');
	await expect(group(page, 'Title').getByLabel('English')).toHaveAttribute('aria-invalid', 'true');
	await expect(group(page, 'Title').getByText('This value is not valid.')).toBeVisible();
	await group(page, 'Title').getByLabel('English').fill('The new park');
	await page.getByRole('button', { name: 'Create the project' }).click();
	await expect(page.getByText('The project is created: add its modules.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: 'The new park' })).toBeVisible();
	projectUrl = new URL(page.url()).pathname;
	const pid = projectUrl.split('/').pop()!;
	await check(page, 'build-project');
	// An edit sends what changed; a text once given is replaced, not removed.
	await group(page, 'Description').getByLabel('English').fill('');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('A text cannot be removed, only replaced.')).toBeVisible();
	await group(page, 'Description').getByLabel('English').fill('What should the park by the river hold?');
	await group(page, 'Description').getByLabel('Français').fill('Que mettre dans le parc au bord du fleuve ?');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	const stored = await call<{ translations: { title: Record<string, string>; description: Record<string, string> } }>('GET', `/projects/${pid}`, undefined, admin);
	expect(stored.data.translations).toEqual({
		title: { en: 'The new park', fr: 'Le nouveau parc' },
		description: { en: 'What should the park by the river hold?', fr: 'Que mettre dans le parc au bord du fleuve ?' }
	});
});

/** Fills the new-module form (type, English title, the default window) and creates it;
 * answers the module's id. */
async function newModule(page: Page, type: RegExp, title: string, fill?: () => Promise<void>): Promise<string> {
	await page.goto(`${projectUrl}/modules/new`);
	await expect(page.getByRole('heading', { level: 1, name: 'New module in The new park' })).toBeVisible();
	await page.getByRole('radio', { name: type }).check();
	await group(page, 'Title').getByLabel('English').fill(title);
	if (fill) await fill();
	await page.getByRole('button', { name: 'Create the module' }).click();
	await expect(page.getByText('The module is created.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	return new URL(page.url()).pathname.split('/').pop()!;
}

test('an admin creates a debate, an ideas module and a map, each with its results rule', async () => {
	const { page } = boss;
	const debate = await newModule(page, /^Debate/, 'Should dogs run free?', async () => {
		// Refused before sending: a window that closes before it opens.
		await page.getByLabel('Closes at').fill('2020-01-01T10:00');
		await page.getByRole('button', { name: 'Create the module' }).click();
		await expect(page.getByText('The closing time must be after the opening time.')).toBeVisible();
		await check(page, 'build-module-new');
		await page.getByLabel('Closes at').fill('2031-01-01T10:00');
		await page.getByLabel('Who sees the results').selectOption({ label: 'Everyone, once it closes' });
	});
	await check(page, 'build-module-edit');
	const ideas = await newModule(page, /^Ideas/, 'Ideas for the park');
	const map = await newModule(page, /^Map/, 'Where should benches go?', async () => {
		await page.getByLabel('Who sees the results').selectOption({ label: 'Administrators only, until published' });
		// Where the map starts: all three, each in range, said before sending.
		const start = page.getByTestId('map-center');
		await start.getByLabel('Latitude').fill('91');
		await page.getByRole('button', { name: 'Create the module' }).click();
		await expect(start.getByText('At most 90.')).toBeVisible();
		await expect(start.getByText('This field is required.')).toHaveCount(2);
		await start.getByLabel('Latitude').fill('45.764');
		await start.getByLabel('Longitude').fill('4.8357');
		await start.getByLabel('Zoom level').fill('13');
	});
	const got = await Promise.all([debate, ideas, map].map((mid) => call<{ type: string; settings: { results: string }; closes_at: string }>('GET', `/modules/${mid}`, undefined, admin)));
	expect(got.map((g) => [g.data.type, g.data.settings.results])).toEqual([['debate', 'after_close'], ['ideas', 'public'], ['map', 'admins']]);
	expect(got[0].data.closes_at.startsWith('2031-01-01')).toBe(true);
	expect((got[2].data.settings as Record<string, unknown>).center).toEqual({ lat: 45.764, lon: 4.8357, zoom: 13 });
	// A visitor's map opens there, nothing being placed on it yet.
	await cit.page.goto(`/modules/${map}`);
	const [minLon, minLat, maxLon, maxLat] = (await cit.page.getByRole('application').getAttribute('data-bbox'))!.split(',').map(Number);
	expect(minLon < 4.8357 && 4.8357 < maxLon && minLat < 45.764 && 45.764 < maxLat && maxLon - minLon < 0.5).toBe(true);
	// The edit form changes the rule (only what changed is sent).
	await page.getByLabel('Who sees the results').selectOption({ label: 'Everyone, at all times' });
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	expect((await call<{ settings: { results: string } }>('GET', `/modules/${map}`, undefined, admin)).data.settings.results).toBe('public');
});

test('an admin builds a questionnaire with every kind of question, ordered by keyboard', async () => {
	const { page } = boss;
	const mid = await newModule(page, /^Questionnaire/, 'Your park');
	const draft = (i: number) => page.getByTestId(`draft-${i}`);
	const addKind = async (label: string) => {
		await page.getByLabel('Kind of the new question').selectOption({ label });
		await page.getByRole('button', { name: 'Draft a question' }).click();
	};
	await addKind('Free text');
	await addKind('Single choice');
	await addKind('Multiple choice');
	await addKind('Scale');
	await addKind('Free text');
	await expect(page.getByRole('button', { name: 'Add these 5 questions to the questionnaire' })).toBeVisible();
	// Refused before sending: no prompt, empty options, a scale the wrong way round.
	await page.getByRole('button', { name: 'Add these 5 questions to the questionnaire' }).click();
	await expect(draft(1).getByText('Fill in every option, or remove the empty ones.')).toBeVisible();
	await expect(draft(0).getByText('Give it in at least one language.')).toBeVisible();
	await draft(3).getByLabel('Lowest value').fill('5');
	await draft(3).getByLabel('Highest value').fill('1');
	await expect(draft(3).getByText('The lowest value must be below the highest.')).toBeVisible();
	await check(page, 'build-questions');
	await draft(3).getByLabel('Lowest value').fill('1');
	await draft(3).getByLabel('Highest value').fill('5');

	await group(draft(0), 'Question').getByLabel('English').fill('Anything else?');
	await group(draft(1), 'Question').getByLabel('English').fill('How often would you come?');
	await group(draft(1), 'Option 1').getByLabel('English').fill('Every day');
	await group(draft(1), 'Option 2').getByLabel('English').fill('Every week');
	await group(draft(1), 'Option 2').getByLabel('Français').fill('Chaque semaine');
	await draft(1).getByLabel('An answer is required').check();
	await group(draft(2), 'Question').getByLabel('English').fill('What would you do there?');
	await group(draft(2), 'Option 1').getByLabel('English').fill('Walk');
	await group(draft(2), 'Option 2').getByLabel('English').fill('Walk');
	await draft(2).getByRole('button', { name: 'Add an option to question 3' }).click();
	await group(draft(2), 'Option 3').getByLabel('English').fill('Read');
	await page.getByRole('button', { name: 'Add these 5 questions to the questionnaire' }).click();
	await expect(draft(2).getByText('Each option must be different.')).toBeVisible();
	await group(draft(2), 'Option 2').getByLabel('English').fill('Play');
	await group(draft(3), 'Question').getByLabel('English').fill('How much do you like the plan?');
	// The last draft is removed; the free-text question moves to the end, by keyboard.
	await draft(4).getByRole('button', { name: 'Remove question 5' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'The question is removed.' })).toBeVisible();
	const down = draft(0).getByRole('button', { name: 'Move question 1 down' });
	await down.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'The question is now number 2.' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Move question 2 down' })).toBeFocused();
	await page.keyboard.press('Enter');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: 'Move question 4 up' })).toBeFocused();
	await expect(group(draft(3), 'Question').getByLabel('English')).toHaveValue('Anything else?');
	await page.getByRole('button', { name: 'Add these 4 questions to the questionnaire' }).click();
	await expect(page.getByRole('status').filter({ hasText: '4 questions added.' })).toBeVisible();
	await expect(page.getByTestId('added-questions').getByRole('listitem').filter({ has: page.locator('strong') })).toHaveCount(4);
	await check(page, 'build-questions-added');

	const asked = await call<{ items: { kind: string; prompt: string; required: boolean; options?: string[]; scale?: { min: number; max: number } }[] }>('GET', `/modules/${mid}/questions`, undefined, admin);
	expect(asked.data.items.map(({ kind, prompt, required, options, scale }) => ({ kind, prompt, required, options, scale }))).toEqual([
		{ kind: 'single_choice', prompt: 'How often would you come?', required: true, options: ['Every day', 'Every week'], scale: undefined },
		{ kind: 'multiple_choice', prompt: 'What would you do there?', required: false, options: ['Walk', 'Play', 'Read'], scale: undefined },
		{ kind: 'scale', prompt: 'How much do you like the plan?', required: false, options: undefined, scale: { min: 1, max: 5 } },
		{ kind: 'text', prompt: 'Anything else?', required: false, options: undefined, scale: undefined }
	]);
	// An added question is removed (asked twice) while nobody has responded.
	const addedList = page.getByTestId('added-questions');
	await addedList.getByRole('button', { name: 'Remove question 4' }).click();
	await expect(addedList.getByText('Remove question 4? This cannot be undone.')).toBeVisible();
	await addedList.getByRole('button', { name: 'Yes' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'The question is removed.' })).toBeVisible();
	await expect(addedList.getByText('Anything else?')).toHaveCount(0);
	expect((await call<{ items: { kind: string }[] }>('GET', `/modules/${mid}/questions`, undefined, admin)).data.items.map((q) => q.kind))
		.toEqual(['single_choice', 'multiple_choice', 'scale']);
});

test('an admin creates a budget with its rules and moves it through its phases; the module page shows each', async () => {
	const { page } = boss;
	budget = await newModule(page, /^Participatory budget/, 'Park budget', async () => {
		await page.getByRole('button', { name: 'Create the module' }).click();
		await expect(page.getByTestId('budget-rules').getByText('This field is required.')).toBeVisible();
		await page.getByLabel('Total budget').fill('50000');
		await page.getByLabel('Fewest ideas a ballot chooses').fill('2');
		await page.getByLabel('Most ideas a ballot chooses').fill('1');
		await page.getByRole('button', { name: 'Create the module' }).click();
		await expect(page.getByText('At least the fewest ideas a ballot chooses, and at least 1.')).toBeVisible();
		await check(page, 'build-budget-new');
		await page.getByLabel('Fewest ideas a ballot chooses').fill('1');
		await page.getByLabel('Most ideas a ballot chooses').fill('2');
	});
	const phases = page.getByTestId('phases');
	await expect(phases.getByTestId('phase-now')).toHaveText('Current phase: Proposals.');
	await check(page, 'build-budget');
	const stored = await call<{ settings: Record<string, unknown> }>('GET', `/modules/${budget}`, undefined, admin);
	expect(stored.data.settings).toMatchObject({ budget_total: 50000, min_choices: 1, max_choices: 2, phase: 'proposals', results: 'after_close' });

	// The citizen's page in proposals: ideas are proposed; one is, with its cost.
	await signIn(cit, `/modules/${budget}`);
	await expect(cit.page.getByText('Phase: proposals')).toBeVisible();
	await expect(cit.page.getByRole('heading', { name: 'Propose an idea' })).toBeVisible();
	const idea = await call<{ id: string }>('POST', `/modules/${budget}/contributions`, { title: 'A playground', body: 'Swings and a slide.', cost: 30000 }, citToken);
	expect(idea.status).toBe(201);

	const move = async (to: string, label: string) => {
		await phases.getByRole('button', { name: `Move to the ${to} phase` }).click();
		await expect(phases.getByText(`Move the budget to the ${to} phase? This cannot be undone.`)).toBeVisible();
		await phases.getByRole('button', { name: 'Yes' }).click();
		await expect(phases.getByRole('status')).toHaveText(`The budget is now in the ${to} phase.`);
		await expect(phases.getByTestId('phase-now')).toHaveText(`Current phase: ${to}.`);
		await cit.page.reload();
		await expect(cit.page.getByText(label)).toBeVisible();
	};
	await move('Review', 'Phase: review (nothing is posted or voted now)');
	await expect(cit.page.getByRole('heading', { name: 'Propose an idea' })).toHaveCount(0);
	await check(cit.page, 'build-citizen-review');
	expect((await call('PUT', `/contributions/${idea.data.id}/answer`, { status: 'accepted', text: 'Accepted: it fits the budget.' }, admin)).status).toBe(200);

	await move('Voting', 'Phase: voting');
	await check(page, 'build-budget-voting');
	await cit.page.getByRole('checkbox', { name: /A playground/ }).check();
	await cit.page.getByRole('button', { name: 'Cast my ballot' }).click();
	await expect(cit.page.getByText('Your ballot is recorded.')).toBeVisible();
	await check(cit.page, 'build-citizen-voting');
	// A ballot is cast since the admin's page loaded: the API refuses new rules (409), said
	// at the field, and the rules lock.
	await page.getByLabel('Most ideas a ballot chooses').fill('1');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('region', { name: 'Edit the module' }).getByRole('alert')).toContainText('Ballots have been cast: the budget rules can no longer change.');
	await expect(page.locator('#m-max-error')).toHaveText('Ballots have been cast: the budget rules can no longer change.');
	await expect(page.getByLabel('Total budget')).toBeDisabled();
	await page.reload();

	await move('Results', 'Phase: results');
	await expect(cit.page.getByRole('heading', { name: 'Results' })).toBeVisible();
	await expect(cit.page.getByRole('row').filter({ hasText: 'A playground' })).toContainText('1');
	await check(cit.page, 'build-citizen-results');
	await expect(phases.getByText('Results is the last phase.')).toBeVisible();
	await check(page, 'build-budget-results');
});
