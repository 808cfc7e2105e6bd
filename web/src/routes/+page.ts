import { api } from '$lib/api/client';
import { must } from '$lib/load';

export async function load() {
	const communities = must(await api().GET('/communities', { params: { query: { limit: 100 } } }));
	return { communities };
}
