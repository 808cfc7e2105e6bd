import { api } from '$lib/api/client';
import { must } from '$lib/load';

export async function load({ parent }) {
	await parent(); // the layout's start-up (config, API client, session) first
	const communities = must(await api().GET('/communities', { params: { query: { limit: 100 } } }));
	return { communities };
}
