// The session: the access token lives in memory only; the refresh token is kept in
// localStorage (functional storage, at most one day: the platform's sessions end a day after
// sign-in whatever happens) so that a reload or a second tab stays signed in. Refreshes are
// serialised across tabs with the Web Locks API, always with the newest stored token: a
// refresh token used twice revokes the whole session.
import { get, put, drop, DAY, KEEP } from './storage';
import { authApi } from './api/client';
import type { components } from './api/schema';

type Stored = { refresh_token: string; signed_in_at: number; ends_at?: string };
type Pair = components['schemas']['TokenPairOut'];
type Me = components['schemas']['MeOut'];

const KEY = 'session';
const EARLY = 20_000; // refresh this long before the access token expires

function withLock<T>(fn: () => Promise<T>): Promise<T> {
	const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
	return locks ? (locks.request('agora-session', fn) as Promise<T>) : fn();
}

class Session {
	signedIn = $state(false);
	me = $state<Me | null>(null);
	/** Set when the platform ended the session (revoked, expired): the sign-in page says so. */
	ended = $state(false);
	/** When the platform ends this session (`session_expires_at`: a day after sign-in, however
	 * it is used); the layout shows it and warns before, so that nothing typed is lost. */
	endsAt = $state<string | null>(null);
	#access: string | null = null;
	#expiresAt = 0;
	#baseUrl = '';
	#pending: Promise<string | null> | null = null;
	onEnded: (() => void) | null = null;

	configure(baseUrl: string) {
		this.#baseUrl = baseUrl;
	}

	#stored(): Stored | null {
		const s = get<Stored>(KEY);
		if (!s) return null;
		if (Date.now() - s.signed_in_at >= DAY) {
			drop(KEY);
			return null;
		}
		return s;
	}

	#take(pair: Pair, signedInAt: number) {
		this.#access = pair.access_token;
		this.#expiresAt = Date.now() + pair.expires_in * 1000;
		const left = Math.max(1000, signedInAt + KEEP.session - Date.now());
		put<Stored>(
			KEY,
			{ refresh_token: pair.refresh_token, signed_in_at: signedInAt, ends_at: pair.session_expires_at },
			left
		);
		this.endsAt = pair.session_expires_at ?? null;
		this.signedIn = true;
		this.ended = false;
	}

	/** After a reload: a kept session is taken up again with one refresh. */
	async restore(): Promise<void> {
		if (this.#stored()) await this.refreshNow();
	}

	async accessToken(): Promise<string | null> {
		if (!this.signedIn && !this.#access) return null;
		if (this.#access && Date.now() < this.#expiresAt - EARLY) return this.#access;
		return this.refreshNow();
	}

	refreshNow(): Promise<string | null> {
		if (!this.#pending) {
			this.#pending = withLock(async () => {
				const stored = this.#stored();
				if (!stored) return null;
				const { data, response } = await authApi(this.#baseUrl).POST('/auth/refresh', {
					body: { refresh_token: stored.refresh_token }
				});
				if (data) {
					this.#take(data, stored.signed_in_at);
					return data.access_token;
				}
				if (response.status === 401 || response.status === 400) this.#forget();
				return null;
			}).finally(() => {
				this.#pending = null;
			});
		}
		return this.#pending;
	}

	/** `unlockToken`: from an emailed unlock link, when wrong passwords paused the account. */
	async signIn(email: string, password: string, unlockToken?: string) {
		const body = unlockToken ? { email, password, unlock_token: unlockToken } : { email, password };
		const result = await authApi(this.#baseUrl).POST('/auth/login', { body });
		if (result.data) this.#take(result.data, Date.now());
		return result;
	}

	/** A one-time code from SSO (Facebook) for a token pair. */
	async exchange(code: string) {
		const result = await authApi(this.#baseUrl).POST('/auth/sso/exchange', { body: { code } });
		if (result.data) this.#take(result.data, Date.now());
		return result;
	}

	async signOut(): Promise<void> {
		const stored = this.#stored();
		this.#forget();
		if (stored) {
			await authApi(this.#baseUrl).POST('/auth/logout', {
				body: { refresh_token: stored.refresh_token }
			});
		}
	}

	/** The platform refused our tokens: signed out, and the sign-in page says why. */
	revoked() {
		this.#forget();
		this.ended = true;
		this.onEnded?.();
	}

	#forget() {
		this.#access = null;
		this.#expiresAt = 0;
		this.signedIn = false;
		this.me = null;
		this.endsAt = null;
		drop(KEY);
	}
}

export const session = new Session();

/** Minutes left before `endsAt` (at `now`), or null; 0 once it has passed. */
export function minutesLeft(endsAt: string | null, now: number): number | null {
	if (!endsAt) return null;
	const end = Date.parse(endsAt);
	if (Number.isNaN(end)) return null;
	return Math.max(0, Math.floor((end - now) / 60_000));
}

/** Warn this many minutes before the session ends. */
export const WARN_MINUTES = 15;
