// Lighthouse with Debian's Chromium, mobile profile (its default), on the home page and a
// module page: the issue asks for performance >= 95, accessibility and best practices 100.
// The figures go to test-results/bench.json and the console.
import { test, expect } from '@playwright/test';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { WEB, adminToken, call } from '../e2e/helpers';

test('Lighthouse: home and a module page', async () => {
	const admin = await adminToken();
	const cid = (await call<{ id: string }>('POST', '/communities', { name: 'Benchville', description: 'A town to measure.', visibility: 'public' }, admin)).data.id;
	const pid = (await call<{ id: string }>('POST', `/communities/${cid}/projects`, { title: 'The library', description: 'Opening hours.' }, admin)).data.id;
	const now = Date.now();
	const mid = (await call<{ id: string }>('POST', `/projects/${pid}/modules`, {
		type: 'ideas', title: 'Ideas for the library', opens_at: new Date(now - 60_000).toISOString(), closes_at: new Date(now + 86_400_000).toISOString()
	}, admin)).data.id;
	for (const n of [1, 2, 3]) await call('POST', `/modules/${mid}/contributions`, { title: `Idea ${n}`, body: 'Open on Sundays.' }, admin);

	const chrome = await chromeLauncher.launch({
		chromePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run']
	});
	const figures: Record<string, Record<string, number>> = {};
	try {
		for (const [name, path] of [['home', '/'], ['module', `/modules/${mid}`]] as const) {
			const result = await lighthouse(WEB() + path, {
				port: chrome.port, output: 'json', logLevel: 'error',
				onlyCategories: ['performance', 'accessibility', 'best-practices']
			});
			const lhr = result!.lhr;
			figures[name] = Object.fromEntries(Object.entries(lhr.categories).map(([k, c]) => [k, Math.round((c.score ?? 0) * 100)]));
			figures[name].lcp_ms = Math.round(Number(lhr.audits['largest-contentful-paint'].numericValue));
			const failing = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map((a) => a.id);
			const el = lhr.audits['largest-contentful-paint-element']?.details as { items?: { items?: { node?: { snippet?: string } }[] }[] } | undefined;
			const metrics = ['first-contentful-paint', 'speed-index', 'total-blocking-time', 'interactive'].map((k) => `${k} ${Math.round(Number(lhr.audits[k]?.numericValue))}`).join(', ');
			console.log(`${name}: LCP element ${el?.items?.[0]?.items?.[0]?.node?.snippet ?? '?'}; ${metrics}`);
			console.log(`${name}: ${JSON.stringify(figures[name])}${failing.length ? ` failing: ${failing.join(', ')}` : ''}`);
		}
	} finally {
		await chrome.kill();
	}
	mkdirSync(join(import.meta.dirname, '../../test-results'), { recursive: true });
	writeFileSync(join(import.meta.dirname, '../../test-results/bench.json'), JSON.stringify(figures, null, 2) + '\n');
	for (const f of Object.values(figures)) {
		expect.soft(f.performance).toBeGreaterThanOrEqual(95);
		expect.soft(f.accessibility).toBe(100);
		expect.soft(f['best-practices']).toBe(100);
	}
});
