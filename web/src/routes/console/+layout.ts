import { redirect } from '@sveltejs/kit';
import { api } from '$lib/api/client';
import { session } from '$lib/session.svelte';
import { i18n } from '$lib/i18n/index.svelte';
import { loadConsoleWords } from '$lib/i18n/console/index.svelte';

// The console needs a signed-in person and their profile (`platform_admin`): the API decides
// the rest, page by page.
export async function load({ parent, url }) {
	await parent();
	await loadConsoleWords(i18n.locale);
	if (!session.signedIn) redirect(307, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	if (!session.me) {
		const { data } = await api().GET('/me');
		if (data) session.me = data;
	}
	return { platformAdmin: Boolean(session.me?.platform_admin) };
}
