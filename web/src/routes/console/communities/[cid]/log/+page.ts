import { api } from '$lib/api/client';
import { must } from '$lib/load';

export async function load({ params, parent }) {
	await parent();
	const log = must(await api().GET('/communities/{cid}/moderation/log', {
		params: { path: { cid: params.cid }, query: { limit: 50 } }
	}));
	return { log };
}
