import { expect, type Browser, type Page, type BrowserContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

export const WEB = () => process.env.AGORA_E2E_WEB_URL!;
export const API = () => process.env.AGORA_E2E_API_URL!;
const SCREENS = join(import.meta.dirname, '../../test-results/screens');
const BUILD = join(import.meta.dirname, '../../build');

/** What the browser loaded of the build, gzipped (as CloudFront serves it), in KB. */
export function gzippedKb(paths: string[]): number {
	let total = 0;
	for (const p of new Set(paths)) total += gzipSync(readFileSync(join(BUILD, p))).length;
	return total / 1024;
}

/** The admin's side of the run, straight through the API (the console is another issue). */
export async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; data: T }> {
	const response = await fetch(API() + path, {
		method,
		headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await response.text();
	return { status: response.status, data: (text ? JSON.parse(text) : {}) as T };
}

export async function adminToken(): Promise<string> {
	const { status, data } = await call<{ access_token: string }>('POST', '/auth/login', {
		email: process.env.AGORA_E2E_ADMIN_EMAIL,
		password: process.env.AGORA_E2E_ADMIN_PASSWORD
	});
	expect(status).toBe(200);
	return data.access_token;
}

/** The newest email to `to` (soft line breaks joined) that `accept` answers a value for. */
async function waitForMail<T>(to: string, seconds: number, accept: (text: string) => T | null | undefined): Promise<T | null> {
	const dir = process.env.AGORA_E2E_OUTBOX!;
	const deadline = Date.now() + seconds * 1000;
	const addressed = new RegExp(`^To: .*${to.replace(/[.+]/g, '\\$&')}`, 'mi');
	while (Date.now() < deadline) {
		let files: string[] = [];
		try {
			files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().reverse();
		} catch {
			/* no mail yet */
		}
		for (const f of files) {
			const text = readFileSync(join(dir, f), 'utf8').replace(/=\r?\n/g, '');
			if (!addressed.test(text)) continue;
			const value = accept(text);
			if (value) return value;
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	return null;
}

/** The newest link to `path` in an email to `to`, read from the outbox's .eml files. */
export async function mailLink(to: string, path: string, seconds = 20): Promise<string> {
	const pattern = new RegExp(`https?://[^\\s"<>]+${path.replace(/[/?]/g, '\\$&')}\\?token=[A-Za-z0-9_%-]+`);
	const link = await waitForMail(to, seconds, (text) => text.match(pattern)?.[0]);
	if (!link) throw new Error(`no email to ${to} with a link to ${path}`);
	return link;
}

/** The newest email to `to` whose subject holds `subject`. */
export async function mailText(to: string, subject: string, seconds = 20): Promise<string> {
	const text = await waitForMail(to, seconds, (t) => (t.includes(subject) ? t : null));
	if (!text) throw new Error(`no email to ${to} about "${subject}"`);
	return text;
}

const CSP_IGNORED: RegExp[] = []; // none: the announcer's style is allowed by its hash

export type Person = { name: string; email: string; password: string; context: BrowserContext; page: Page; cspErrors: string[]; thirdParty: string[] };

export async function person(browser: Browser, name: string): Promise<Person> {
	const context = await browser.newContext({ baseURL: WEB(), locale: 'en-GB' });
	const page = await context.newPage();
	const p: Person = {
		name,
		email: `${name.toLowerCase()}.${Date.now()}@e2e.example.org`,
		password: `quiet mornings beside the long green river ${name.length}`,
		context,
		page,
		cspErrors: [],
		thirdParty: []
	};
	page.on('console', (m) => {
		const text = m.text();
		if (m.type() === 'error' && !/Failed to load resource|Content Security Policy/.test(text)) console.log(`[${name}] console: ${text.slice(0, 300)}`);
		if (m.type() === 'error' && /Content Security Policy/.test(text) && !CSP_IGNORED.some((r) => r.test(text))) p.cspErrors.push(text);
	});
	page.on('pageerror', (e) => console.log(`[${name}] page error: ${e.message}`));
	page.on('response', (r) => {
		if (r.status() >= 500) console.log(`[${name}] ${r.status()} ${r.request().method()} ${r.url()}`);
	});
	page.on('request', (r) => {
		const origin = new URL(r.url()).origin;
		const allowed = [new URL(WEB()).origin, new URL(API()).origin];
		if (!allowed.includes(origin) && !origin.startsWith('http://127.0.0.1') && !r.url().startsWith('data:')) p.thirdParty.push(r.url());
	});
	return p;
}

/** Each page of the run: zero axe violations of WCAG 2.1 A/AA, screenshots at 360 and 1280. */
export async function check(page: Page, name: string): Promise<void> {
	await page.waitForLoadState('networkidle').catch(() => undefined);
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(summary, `axe on ${name}`).toEqual([]);
	mkdirSync(SCREENS, { recursive: true });
	const size = page.viewportSize() ?? { width: 1280, height: 900 };
	await page.setViewportSize({ width: 360, height: 780 });
	await page.screenshot({ path: join(SCREENS, `${name}-360.png`), fullPage: true });
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.screenshot({ path: join(SCREENS, `${name}-1280.png`), fullPage: true });
	await page.setViewportSize(size);
}

export async function register(p: Person, pseudonym?: string) {
	const { page } = p;
	await page.goto('/register');
	await page.getByLabel('Name', { exact: true }).fill(p.name);
	if (pseudonym) await page.getByLabel(/^Pseudonym/).fill(pseudonym);
	await page.getByLabel('Email').fill(p.email);
	await page.getByLabel('Password').fill('short');
	await expect(page.getByText(/Password strength: (very weak|weak)/)).toBeVisible();
	await page.getByLabel('Password').fill(p.password);
	await expect(page.getByText(/Password strength: (strong|very strong|fair)/)).toBeVisible();
	await check(page, 'register');
	await page.getByRole('button', { name: 'Create my account' }).click();
	await expect(page.getByText(/we sent an email/)).toBeVisible();
	const link = await mailLink(p.email, '/confirm');
	await page.goto(link);
	await page.getByLabel('Password').fill(p.password); // only a password typed here is kept
	await page.getByRole('button', { name: 'Confirm my account' }).click();
	await expect(page.getByText('Your account is confirmed')).toBeVisible();
	await check(page, 'confirm');
}

export async function signIn(p: Person, next = '/') {
	const { page } = p;
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await page.getByLabel('Email').fill(p.email);
	await page.getByLabel('Password').fill(p.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Records, in the page, when its title (elementtiming="page-title") enters the document:
 * call before page.goto; apiCallsBeforeTitle reads it. */
export async function watchTitle(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const w = window as unknown as { __titleAt?: number };
		new MutationObserver((_, observer) => {
			if (document.querySelector('[elementtiming="page-title"]')) {
				w.__titleAt = performance.now();
				observer.disconnect();
			}
		}).observe(document, { childList: true, subtree: true });
	});
}

/** API calls (preflights aside) started before the page's title was in the document. */
export async function apiCallsBeforeTitle(page: Page): Promise<number> {
	const seen = await page.evaluate((api) => {
		const at = (window as unknown as { __titleAt?: number }).__titleAt ?? Infinity;
		return performance.getEntriesByType('resource')
			.filter((r) => r.name.startsWith(api) && r.startTime < at)
			.map((r) => `${Math.round(r.startTime)}ms ${r.name}`)
			.concat(`title shown at ${Math.round(at)}ms`);
	}, API());
	if (seen.length > 4) console.log(seen.join('\n'));
	return seen.length - 1;
}
