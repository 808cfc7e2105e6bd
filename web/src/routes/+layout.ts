import { start } from '$lib/app';

// A static SPA: no server rendering, no prerendering (adapter-static's fallback page).
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';

export async function load() {
	await start();
	return {};
}
