import { redirect } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { session } from '$lib/session.svelte';
import { must } from '$lib/load';

export async function load({ parent }) {
	await parent(); // the layout's start-up (config, API client, session) first
	if (!session.signedIn) redirect(307, '/login?next=/notifications');
	return { list: must(await api().GET('/me/notifications', { params: { query: { limit: 50 } } })) };
}
