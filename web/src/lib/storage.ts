// The only storage the app uses, all functional (the terms of use list them; no consent
// banner is needed): the language (6 months), the session's refresh token (at most one day),
// "questionnaire answered" marks (6 months) and "don't ask me to follow" (3 days).
// Each value carries its own expiry: localStorage has none.

export const DAY = 24 * 60 * 60 * 1000;
export const KEEP = {
	locale: 183 * DAY,
	session: DAY,
	questionnaireCompleted: 183 * DAY,
	nofollow: 3 * DAY
} as const;

type Stored<T> = { v: T; exp: number };

function store(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage disabled: the app still works, it just forgets
	}
}

export function put<T>(key: string, value: T, ttl: number, now = Date.now()): void {
	store()?.setItem(`agora:${key}`, JSON.stringify({ v: value, exp: now + ttl } satisfies Stored<T>));
}

export function get<T>(key: string, now = Date.now()): T | null {
	const s = store();
	const raw = s?.getItem(`agora:${key}`);
	if (!raw) return null;
	try {
		const item = JSON.parse(raw) as Stored<T>;
		if (typeof item.exp !== 'number' || item.exp <= now) {
			s?.removeItem(`agora:${key}`);
			return null;
		}
		return item.v;
	} catch {
		s?.removeItem(`agora:${key}`);
		return null;
	}
}

export function drop(key: string): void {
	store()?.removeItem(`agora:${key}`);
}
