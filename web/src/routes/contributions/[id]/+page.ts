import { api } from '$lib/api/client';
import { must, maybe } from '$lib/load';

export async function load({ params, parent }) {
	await parent(); // the layout's start-up (config, API client, session) first
	const path = { params: { path: { id: params.id } } };
	const [contribution, comments] = await Promise.all([
		api().GET('/contributions/{id}', path),
		api().GET('/contributions/{id}/comments', { params: { path: { id: params.id }, query: { limit: 100 } } })
	]);
	return { contribution: must(contribution), comments: maybe(comments) };
}
