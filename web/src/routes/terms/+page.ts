import { api } from '$lib/api/client';
import { maybe } from '$lib/load';

export async function load({ parent }) {
	await parent(); // the layout's start-up (config, API client, session) first
	return { terms: maybe(await api().GET('/terms')) };
}
