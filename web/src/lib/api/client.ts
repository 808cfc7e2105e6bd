// The one typed client: every API call goes through openapi-fetch with the generated types.
// The middleware adds the language and the access token (refreshed first when due), turns a
// lost connection into a 503 problem (so every caller handles one shape), and on a 401 for a
// signed-in call asks the session to refresh once and retries.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { i18n } from '../i18n/index.svelte';
import { session } from '../session.svelte';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

export const NETWORK_PROBLEM: Problem = {
	type: 'about:blank',
	title: 'Network error',
	status: 503,
	code: 'network_error',
	detail: 'The connection to the server was lost.'
};

const retryable = new Map<string, Request>();

const middleware: Middleware = {
	async onRequest({ request, id }) {
		request.headers.set('Accept-Language', i18n.locale);
		const token = await session.accessToken();
		if (token) {
			request.headers.set('Authorization', `Bearer ${token}`);
			retryable.set(id, request.clone());
		}
		return request;
	},
	async onResponse({ response, id }) {
		const original = retryable.get(id);
		retryable.delete(id);
		if (response.status !== 401 || !original) return response;
		const token = await session.refreshNow();
		if (!token) {
			session.revoked();
			return response;
		}
		original.headers.set('Authorization', `Bearer ${token}`);
		return fetch(original);
	},
	onError({ id }) {
		retryable.delete(id);
		return new Response(JSON.stringify(NETWORK_PROBLEM), {
			status: 503,
			headers: { 'Content-Type': 'application/problem+json' }
		});
	}
};

type Client = ReturnType<typeof createClient<paths>>;
let client: Client | null = null;

export function configureApi(baseUrl: string): Client {
	client = createClient<paths>({ baseUrl });
	client.use(middleware);
	return client;
}

/** The client (configured at start from /config.json). */
export function api(): Client {
	if (!client) throw new Error('API client not configured');
	return client;
}

/** A bare client for the session's own calls (no token middleware: no recursion). */
export function authApi(baseUrl: string): Client {
	const bare = createClient<paths>({ baseUrl });
	bare.use({
		onRequest({ request }) {
			request.headers.set('Accept-Language', i18n.locale);
			return request;
		},
		onError() {
			return new Response(JSON.stringify(NETWORK_PROBLEM), {
				status: 503,
				headers: { 'Content-Type': 'application/problem+json' }
			});
		}
	});
	return bare;
}

export function asProblem(error: unknown, status = 500): Problem {
	if (error && typeof error === 'object' && 'code' in error && 'status' in error) {
		return error as Problem;
	}
	return { type: 'about:blank', title: 'Error', status, code: `http_${status}`, detail: '' };
}
