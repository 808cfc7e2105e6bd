// Start-up: the language, /config.json, the API client and a kept session (one refresh).
// Nothing else waits: the profile and the unread count load behind the first page.
import { loadConfig } from './config';
import { configureApi, api } from './api/client';
import { session } from './session.svelte';
import { initLocale, setLocale, isLocale } from './i18n/index.svelte';
import { unread } from './unread.svelte';

let started: Promise<void> | null = null;

export function start(): Promise<void> {
	if (!started) {
		started = (async () => {
			initLocale();
			const cfg = await loadConfig();
			configureApi(cfg.api_url);
			session.configure(cfg.api_url);
			await session.restore();
			// The profile and the unread count wait for the first page (+layout.svelte): the
			// page's own calls come first (at most 3 API calls before content).
		})();
		started.catch(() => {
			started = null;
		});
	}
	return started;
}

/** The profile (and its language, unless the person just chose one here) and unread count. */
export async function afterSignIn(useProfileLocale = true): Promise<void> {
	const { data } = await api().GET('/me');
	if (data) {
		session.me = data;
		if (useProfileLocale && isLocale(data.locale)) setLocale(data.locale);
	}
	void unread.refresh();
}
