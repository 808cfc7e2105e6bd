// Issue 22: a video stays a placeholder until the person presses play (no request to the
// provider before; the player's address after), and share links are plain links on public
// pages, only the copy on a private community's.
import { test, expect, type Page } from '@playwright/test';
import { WEB, adminToken, call, check, gzippedKb, person, register, signIn, type Person } from './helpers';

test.describe.configure({ mode: 'serial' });

const PROVIDERS = /(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be|ytimg\.com|googlevideo\.com|vimeo\.com|vimeocdn\.com)$/;
let eve: Person;
let ids: { open: string; openProject: string; module: string; closed: string; closedProject: string; code: string };
const providerRequests: string[] = [];
let contributionPath = '';

/** Nothing leaves the machine for a provider: each such request is logged, then answered here
 * with an empty page (so the frame loads, and axe can read it). */
async function guard(page: Page) {
	await page.route((url) => PROVIDERS.test(url.hostname), (route) => {
		providerRequests.push(route.request().url());
		return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Player</title><main></main></html>' });
	});
}

test.beforeAll(async ({ browser }) => {
	const admin = await adminToken();
	const now = Date.now();
	const window = { opens_at: new Date(now - 60_000).toISOString(), closes_at: new Date(now + 86_400_000).toISOString() };
	const open = (await call<{ id: string }>('POST', '/communities', { name: 'Sharetown', description: 'Shared with all.', visibility: 'public' }, admin)).data.id;
	const openProject = (await call<{ id: string }>('POST', `/communities/${open}/projects`, { title: 'The river bank', description: 'Paths by the river.' }, admin)).data.id;
	const module = (await call<{ id: string }>('POST', `/projects/${openProject}/modules`, { type: 'ideas', title: 'Ideas for the bank', ...window }, admin)).data.id;
	const closed = (await call<{ id: string }>('POST', '/communities', { name: 'Quietvale', description: 'Members only.', visibility: 'private' }, admin)).data.id;
	const code = (await call<{ access_code: string }>('POST', `/communities/${closed}/access-code`, undefined, admin)).data.access_code;
	const closedProject = (await call<{ id: string }>('POST', `/communities/${closed}/projects`, { title: 'The hall', description: 'A hall for members.' }, admin)).data.id;
	ids = { open, openProject, module, closed, closedProject, code };
	eve = await person(browser, 'Eve');
	await guard(eve.page);
	eve.page.on('request', (r) => {
		if (PROVIDERS.test(new URL(r.url()).hostname) && !providerRequests.includes(r.url())) providerRequests.push(r.url());
	});
});

test.afterAll(async () => {
	expect(eve.cspErrors, 'CSP violations').toEqual([]);
	await eve.context.close();
});

test('a contribution with a video: a placeholder, nothing from the provider until play', async () => {
	const { page } = eve;
	await register(eve);
	await signIn(eve);
	await page.goto(`/modules/${ids.module}`);
	await page.getByLabel('Title').fill('A path for bicycles');
	await page.getByLabel('Your text').fill('Like the one in this film.');
	const field = page.getByLabel(/Video addresses/);
	await field.fill('https://example.org/not-a-video');
	await page.getByRole('button', { name: 'Send' }).click();
	// The API's 400 is shown next to the field.
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('#c-' + ids.module + '-videos-error')).toHaveText('Enter YouTube or Vimeo video addresses only.');
	await field.fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ\nhttps://vimeo.com/76979871');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByText('Thank you: your contribution is published.')).toBeVisible();
	await page.getByRole('link', { name: 'A path for bicycles' }).click();
	await expect(page).toHaveURL(/\/contributions\//);
	await expect(page.getByRole('heading', { level: 1, name: 'A path for bicycles' })).toBeVisible();
	contributionPath = new URL(page.url()).pathname;

	const youtube = page.getByTestId('video').and(page.locator('[data-provider="youtube"]'));
	const vimeo = page.getByTestId('video').and(page.locator('[data-provider="vimeo"]'));
	await expect(youtube.getByText('Nothing is loaded from YouTube until you press play; then YouTube will see your visit.')).toBeVisible();
	await expect(vimeo.getByRole('button', { name: 'Play the video from Vimeo' })).toBeVisible();
	await expect(page.locator('iframe')).toHaveCount(0);
	await check(page, 'contribution-video');
	await page.reload();
	await page.waitForLoadState('networkidle');
	expect(providerRequests, 'requests to the providers before play').toEqual([]);
	expect(eve.thirdParty, 'requests to third parties before play').toEqual([]);

	await youtube.getByRole('button', { name: 'Play the video from YouTube' }).click();
	const frame = youtube.locator('iframe');
	await expect(frame).toHaveAttribute('src', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
	await expect(frame).toHaveAttribute('title', 'Video on YouTube: A path for bicycles');
	await vimeo.getByRole('button', { name: 'Play the video from Vimeo' }).click();
	await expect(vimeo.locator('iframe')).toHaveAttribute('src', 'https://player.vimeo.com/video/76979871?dnt=1');
	await expect.poll(() => providerRequests.length).toBeGreaterThan(0);
	expect(providerRequests.every((u) => u.startsWith('https://www.youtube-nocookie.com/') || u.startsWith('https://player.vimeo.com/'))).toBe(true);
	await check(page, 'contribution-video-playing');
});

test('a contribution page with videos and share links stays within 100 KB of JS and CSS', async ({ browser }) => {
	const context = await browser.newContext({ baseURL: WEB() });
	const page = await context.newPage();
	await guard(page);
	const assets: string[] = [];
	page.on('request', (r) => {
		const url = new URL(r.url());
		if (url.origin === new URL(WEB()).origin && /\.(js|css)$/.test(url.pathname)) assets.push(url.pathname);
	});
	await page.goto(contributionPath);
	await expect(page.getByTestId('share')).toHaveAttribute('data-public', 'true');
	await page.waitForLoadState('networkidle');
	const kb = gzippedKb(assets);
	console.log(`${contributionPath}: ${kb.toFixed(1)} KB JS+CSS gzipped`);
	expect(kb).toBeLessThanOrEqual(100);
	await context.close();
});

test("a social crawler gets a public page's preview, and nothing of a private one", async ({ playwright }) => {
	const crawler = await playwright.request.newContext({ baseURL: WEB(), extraHTTPHeaders: { 'User-Agent': 'Twitterbot/1.0' } });
	const answer = await crawler.get(contributionPath);
	expect(answer.status()).toBe(200);
	expect(answer.headers()['x-robots-tag']).toBe('noindex, nofollow');
	const html = await answer.text();
	expect(html).toContain('<meta property="og:title" content="A path for bicycles">');
	expect(html).toContain('<meta name="twitter:description" content="Like the one in this film.">');
	expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
	const hidden = await (await crawler.get(`/projects/${ids.closedProject}`)).text();
	expect(hidden).not.toContain('og:title');
	expect(hidden).not.toContain('The hall');
	// A person's browser gets the app, not the preview.
	const person = await playwright.request.newContext({ baseURL: WEB() });
	expect(await (await person.get(contributionPath)).text()).not.toContain('og:title');
	await crawler.dispose();
	await person.dispose();
});

async function sharesAll(page: Page, path: string) {
	const share = page.getByTestId('share');
	await expect(share).toHaveAttribute('data-public', 'true');
	const url = encodeURIComponent(new URL(page.url()).origin + path);
	await expect(share.getByRole('button', { name: 'Copy the link' })).toBeVisible();
	await expect(share.getByRole('link', { name: 'Send by email' })).toHaveAttribute('href', new RegExp(`^mailto:\\?subject=.*${url.replace(/[.%]/g, '\\$&')}`));
	await expect(share.getByRole('link', { name: 'Share on WhatsApp' })).toHaveAttribute('href', new RegExp(`^https://wa\\.me/\\?text=.*${url.replace(/[.%]/g, '\\$&')}$`));
	await expect(share.getByRole('link', { name: 'Share on X' })).toHaveAttribute('href', new RegExp(`^https://x\\.com/intent/post\\?url=${url.replace(/[.%]/g, '\\$&')}`));
	await expect(share.getByRole('link', { name: 'Share on Facebook' })).toHaveAttribute('href', `https://www.facebook.com/sharer/sharer.php?u=${url}`);
	await expect(share.getByRole('link', { name: 'Share on Mastodon' })).toHaveCount(0);
	// The Web Share API where the browser has it (stubbed before the page's scripts run).
	await share.getByRole('button', { name: 'Share with an app…' }).click();
	expect(await page.evaluate(() => (window as unknown as { __shared?: { url: string } }).__shared?.url)).toBe(decodeURIComponent(url));
	await share.getByLabel('Your Mastodon instance').fill('@eve@mastodon.social');
	await expect(share.getByRole('link', { name: 'Share on Mastodon' })).toHaveAttribute('href', new RegExp('^https://mastodon\\.social/share\\?text='));
}

async function copyOnly(page: Page) {
	const share = page.getByTestId('share');
	await expect(share.getByRole('button', { name: 'Copy the link' })).toBeVisible();
	await expect(share.getByRole('link')).toHaveCount(0);
	await expect(share.getByLabel('Your Mastodon instance')).toHaveCount(0);
	await expect(share.getByRole('button', { name: /Share with an app/ })).toHaveCount(0);
}

test('share links on every public page, only the copy on a private community', async () => {
	const { page } = eve;
	await eve.context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.addInitScript(() => {
		Object.defineProperty(navigator, 'share', {
			configurable: true,
			value: async (data: ShareData) => {
				(window as unknown as { __shared?: ShareData }).__shared = data;
			}
		});
	});
	for (const path of [`/communities/${ids.open}`, `/projects/${ids.openProject}`, `/modules/${ids.module}`]) {
		await page.goto(path);
		await sharesAll(page, path);
	}
	await page.goto(`/modules/${ids.module}`);
	await page.getByRole('link', { name: 'A path for bicycles' }).click();
	await expect(page).toHaveURL(/\/contributions\//);
	await sharesAll(page, new URL(page.url()).pathname);
	await page.getByTestId('share').getByRole('button', { name: 'Copy the link' }).click();
	await expect(page.getByTestId('share').getByRole('status')).toHaveText('Link copied.');
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url().split(/[?#]/)[0]);
	await check(page, 'contribution-share');

	// A private community: to an outsider, and to a member on its pages.
	await page.goto(`/communities/${ids.closed}`);
	await expect(page.getByRole('heading', { name: 'A private community' })).toBeVisible();
	await copyOnly(page);
	await page.getByLabel('Access code').fill(ids.code);
	await page.getByRole('button', { name: 'Join' }).click();
	await expect(page.getByRole('heading', { name: 'Quietvale', level: 1 })).toBeVisible();
	await copyOnly(page);
	await check(page, 'community-private-share');
	await page.goto(`/projects/${ids.closedProject}`);
	await expect(page.getByRole('heading', { name: 'The hall', level: 1 })).toBeVisible();
	await page.waitForLoadState('networkidle');
	await copyOnly(page);
	// Nothing of a provider's was loaded by any share link.
	expect(providerRequests.filter((u) => !/youtube-nocookie|player\.vimeo/.test(u))).toEqual([]);
});
