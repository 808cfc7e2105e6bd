import { api } from '$lib/api/client';
import { must } from '$lib/load';

export async function load({ params, parent }) {
	await parent();
	const found = must(await api().GET('/moderation/{item_id}', { params: { path: { item_id: params.item } } }));
	return { found };
}
