import { describe, expect, it } from 'vitest';
import { sendVisit, visitFor } from '../../src/lib/visits';

describe('visits', () => {
	it('counts the four kinds of page, and no other', () => {
		expect(visitFor('/communities/[cid]', { cid: 'C1' }, 'fr')).toEqual({ page: 'community', id: 'C1', locale: 'fr' });
		expect(visitFor('/projects/[pid]', { pid: 'P1' })).toEqual({ page: 'project', id: 'P1' });
		expect(visitFor('/modules/[mid]', { mid: 'M1' })?.page).toBe('module');
		expect(visitFor('/contributions/[id]', { id: 'X1' })?.page).toBe('contribution');
		expect(visitFor('/account', {})).toBeNull();
		expect(visitFor('/communities/[cid]/updates', { cid: 'C1' })).toBeNull();
		expect(visitFor(null, {})).toBeNull();
	});

	it('sends the view alone: no token, no cookie, no referrer', async () => {
		const calls: [string, RequestInit][] = [];
		const fetcher = (async (url: string, init: RequestInit) => {
			calls.push([url, init]);
			return new Response(null, { status: 204 });
		}) as unknown as typeof fetch;
		await sendVisit('https://api.example', { page: 'module', id: 'M1', locale: 'de' }, fetcher);
		expect(calls).toHaveLength(1);
		const [url, init] = calls[0];
		expect(url).toBe('https://api.example/visits');
		expect(init.method).toBe('POST');
		expect(init.credentials).toBe('omit');
		expect(init.referrerPolicy).toBe('no-referrer');
		expect(init.headers).toEqual({ 'Content-Type': 'application/json' });
		expect(JSON.parse(String(init.body))).toEqual({ page: 'module', id: 'M1', locale: 'de' });
	});

	it('sends nothing for other pages and never throws', async () => {
		let sent = 0;
		const failing = (async () => {
			sent += 1;
			throw new TypeError('offline');
		}) as unknown as typeof fetch;
		await sendVisit('https://api.example', null, failing);
		expect(sent).toBe(0);
		await expect(sendVisit('https://api.example', { page: 'project', id: 'P' }, failing)).resolves.toBeUndefined();
		expect(sent).toBe(1);
	});
});
