// Audience statistics without tracking (POST /visits): one view of a community, project,
// module or contribution page. The request carries the page's kind, its id and the page's
// language, nothing else: no token (plain fetch, not the API client), no cookie
// (`credentials: 'omit'`), no referrer, and nothing is kept in the browser, so two views
// cannot be linked. A view that cannot be sent is simply not counted.

export type VisitPage = 'community' | 'project' | 'module' | 'contribution';
export type Visit = { page: VisitPage; id: string; locale?: string };

const ROUTES: Record<string, { page: VisitPage; param: string }> = {
	'/communities/[cid]': { page: 'community', param: 'cid' },
	'/projects/[pid]': { page: 'project', param: 'pid' },
	'/modules/[mid]': { page: 'module', param: 'mid' },
	'/contributions/[id]': { page: 'contribution', param: 'id' }
};

/** The view a route counts as (null for every other page). */
export function visitFor(
	routeId: string | null | undefined,
	params: Record<string, string>,
	locale?: string
): Visit | null {
	const route = routeId ? ROUTES[routeId] : undefined;
	const id = route ? params[route.param] : undefined;
	if (!route || !id) return null;
	return locale ? { page: route.page, id, locale } : { page: route.page, id };
}

/** Send one view; never throws, never waits for the answer's content. */
export async function sendVisit(
	apiUrl: string,
	visit: Visit | null,
	fetcher: typeof fetch = fetch
): Promise<void> {
	if (!visit || !apiUrl) return;
	try {
		await fetcher(`${apiUrl}/visits`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(visit),
			credentials: 'omit',
			referrerPolicy: 'no-referrer',
			keepalive: true
		});
	} catch {
		// Offline or blocked: the view is not counted, and nothing else changes.
	}
}
