import { api } from '$lib/api/client';
import { must, maybe } from '$lib/load';

// At most two calls before the page shows (three with the start-up refresh).
export async function load({ params, url, parent }) {
	await parent(); // the layout's start-up (config, API client, session) first
	const path = { params: { path: { mid: params.mid } } };
	const sort = url.searchParams.get('sort');
	const [module, second] = await Promise.all([
		api().GET('/modules/{mid}', path),
		api().GET('/modules/{mid}/contributions', {
			params: {
				path: { mid: params.mid },
				query: { limit: 50, sort: (sort as 'latest' | null) ?? undefined }
			}
		})
	]);
	return { module: must(module), feed: maybe(second), sort };
}
