// The unread notification count in the header. The API has no count route: the first page
// of notifications is read (API gap noted in web/README.md).
import { api } from './api/client';
import { session } from './session.svelte';

class Unread {
	count = $state(0);
	more = $state(false);
	#timer: ReturnType<typeof setInterval> | null = null;

	async refresh(): Promise<void> {
		if (!session.signedIn) {
			this.count = 0;
			return;
		}
		const { data } = await api().GET('/me/notifications', { params: { query: { limit: 100 } } });
		if (data) {
			this.count = data.items.filter((n) => !n.read).length;
			this.more = this.count === 100 && Boolean(data.next_cursor);
		}
	}

	poll(every = 60_000): () => void {
		if (!this.#timer) this.#timer = setInterval(() => void this.refresh(), every);
		return () => {
			if (this.#timer) clearInterval(this.#timer);
			this.#timer = null;
		};
	}
}

export const unread = new Unread();
