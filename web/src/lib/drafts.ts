// What a person typed, kept in memory across a sign-in (a revoked session or a lost
// connection never loses a comment). Memory only: nothing is stored in the browser.
const drafts = new Map<string, Record<string, unknown>>();

export function keep(key: string, value: Record<string, unknown>): void {
	drafts.set(key, { ...value });
}

export function restore<T extends Record<string, unknown>>(key: string): Partial<T> | null {
	return (drafts.get(key) as Partial<T> | undefined) ?? null;
}

export function forget(key: string): void {
	drafts.delete(key);
}
