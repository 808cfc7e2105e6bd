// Lighthouse with Debian's Chromium, mobile profile (its default), on the home page and a
// module page: the issue asks for performance >= 95, accessibility and best practices 100.
// Also what each page loads of the build's JavaScript and CSS, gzipped (as CloudFront serves
// it), and the API calls that finished before its content is painted (Lighthouse's network
// records of the real load, against the largest contentful paint observed in that load).
// The figures go to test-results/bench.json (in bench/results.json's `web.pages` form, merged
// there by `python -m bench.web_figures`) and the console.
import { test, expect } from '@playwright/test';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { API, WEB, adminToken, call, gzippedKb } from '../e2e/helpers';

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
	const pages: Record<string, unknown> = {};
	try {
		for (const [name, path] of [['home', '/'], ['module', `/modules/${mid}`]] as const) {
			// A run that could not trace the page (a loaded machine: NO_FCP) is tried again once.
			let lhr = (await lighthouse(WEB() + path, {
				port: chrome.port, output: 'json', logLevel: 'error',
				onlyCategories: ['performance', 'accessibility', 'best-practices']
			}))!.lhr;
			if (lhr.runtimeError) {
				console.log(`${name}: ${lhr.runtimeError.code}, once more`);
				lhr = (await lighthouse(WEB() + path, {
					port: chrome.port, output: 'json', logLevel: 'error',
					onlyCategories: ['performance', 'accessibility', 'best-practices']
				}))!.lhr;
			}
			if (process.env.AGORA_LHR_DUMP) writeFileSync(`${process.env.AGORA_LHR_DUMP}-${name}.json`, JSON.stringify(lhr));
			figures[name] = Object.fromEntries(Object.entries(lhr.categories).map(([k, c]) => [k, Math.round((c.score ?? 0) * 100)]));
			figures[name].lcp_ms = Math.round(Number(lhr.audits['largest-contentful-paint'].numericValue));
			const requests = ((lhr.audits['network-requests']?.details as { items?: { url: string; resourceType?: string; networkEndTime?: number }[] })?.items ?? []);
			const content = Number(lhr.audits['largest-contentful-paint'].numericValue);
			const assets = requests.filter((r) => r.url.startsWith(WEB()) && (r.resourceType === 'Script' || r.resourceType === 'Stylesheet'))
				.map((r) => new URL(r.url).pathname.replace(/^\//, ''));
			// The network records are the page's real (unthrottled) load: they are compared with
			// the content's observed paint in the same load, not with the simulated LCP.
			const observed = (lhr.audits.metrics?.details as { items?: { observedLargestContentfulPaint?: number }[] })?.items?.[0]?.observedLargestContentfulPaint ?? content;
			const before = requests.filter((r) => r.url.startsWith(API()) && r.resourceType !== 'Preflight' && (r.networkEndTime ?? Infinity) <= observed);
			pages[name] = {
				js_css_gzip_kb: Math.round(gzippedKb(assets) * 10) / 10,
				api_calls_before_content: before.length,
				lighthouse: { performance: figures[name].performance, accessibility: figures[name].accessibility, best_practices: figures[name]['best-practices'] },
				lcp_ms: figures[name].lcp_ms
			};
			const failing = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map((a) => a.id);
			const el = lhr.audits['largest-contentful-paint-element']?.details as { items?: { items?: { node?: { snippet?: string } }[] }[] } | undefined;
			const metrics = ['first-contentful-paint', 'speed-index', 'total-blocking-time', 'interactive'].map((k) => `${k} ${Math.round(Number(lhr.audits[k]?.numericValue))}`).join(', ');
			console.log(`${name}: API calls before content: ${before.map((r) => `${new URL(r.url).pathname} (${Math.round(r.networkEndTime ?? 0)} ms)`).join(', ')}`);
			console.log(`${name}: LCP element ${el?.items?.[0]?.items?.[0]?.node?.snippet ?? '?'}; ${metrics}`);
			console.log(`${name}: ${JSON.stringify(figures[name])}${failing.length ? ` failing: ${failing.join(', ')}` : ''}`);
		}
	} finally {
		await chrome.kill();
	}
	mkdirSync(join(import.meta.dirname, '../../test-results'), { recursive: true });
	writeFileSync(join(import.meta.dirname, '../../test-results/bench.json'), JSON.stringify({ pages }, null, 2) + '\n');
	console.log(JSON.stringify(pages));
	for (const f of Object.values(figures)) {
		expect.soft(f.performance).toBeGreaterThanOrEqual(95);
		expect.soft(f.accessibility).toBe(100);
		expect.soft(f['best-practices']).toBe(100);
	}
});
