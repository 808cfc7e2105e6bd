// Loading a page's data: an API failure becomes SvelteKit's error page with the status.
import { error } from '@sveltejs/kit';

type Result<T> = { data?: T; error?: unknown; response: Response };

export function must<T>(result: Result<T>): T {
	if (result.data !== undefined) return result.data;
	const status = result.response.status >= 400 ? result.response.status : 500;
	error(status, { message: `HTTP ${status}` });
}

export function maybe<T>(result: Result<T>): T | null {
	return result.data !== undefined ? result.data : null;
}
