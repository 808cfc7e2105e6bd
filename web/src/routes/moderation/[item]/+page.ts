import { api } from '$lib/api/client';
import { must } from '$lib/load';
import { i18n } from '$lib/i18n/index.svelte';
import { loadConsoleWords } from '$lib/i18n/console/index.svelte';

// The page the author's "statement of reasons" notice links to (`/moderation/{item}`): the
// decision, why, under which rule, and the appeal. Anyone else gets the API's 404.
export async function load({ params, parent }) {
	await parent();
	const [found] = await Promise.all([
		api().GET('/moderation/{item_id}', { params: { path: { item_id: params.item } } }),
		loadConsoleWords(i18n.locale)
	]);
	return { found: must(found) };
}
