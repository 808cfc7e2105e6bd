import { redirect } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { session } from '$lib/session.svelte';
import { must, maybe } from '$lib/load';

export async function load({ parent }) {
	await parent(); // the layout's start-up (config, API client, session) first
	if (!session.signedIn) redirect(307, '/login?next=/account');
	const [me, settings, restrictions, follows, exported] = await Promise.all([
		api().GET('/me'),
		api().GET('/me/notification-settings'),
		api().GET('/me/restrictions'),
		api().GET('/me/follows'),
		api().GET('/me/export')
	]);
	return {
		me: must(me),
		settings: maybe(settings),
		restrictions: maybe(restrictions),
		follows: maybe(follows)?.items ?? [],
		exported: maybe(exported)
	};
}
