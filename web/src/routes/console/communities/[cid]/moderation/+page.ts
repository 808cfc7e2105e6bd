import { api } from '$lib/api/client';
import { must } from '$lib/load';

export async function load({ params, parent }) {
	await parent();
	const queue = must(await api().GET('/communities/{cid}/moderation', {
		params: { path: { cid: params.cid }, query: { limit: 50 } }
	}));
	return { queue };
}
