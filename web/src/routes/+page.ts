import { api } from '$lib/api/client';
import { must } from '$lib/load';

// Not awaited: the page shows at once and the list when it comes (one API call).
export async function load({ parent }) {
	await parent(); // the layout's start-up (config, API client, session) first
	const communities = api()
		.GET('/communities', { params: { query: { limit: 100 } } })
		.then(must);
	return { communities };
}
