// A community's visibility, for the pages below it (share links): asked once per community
// and kept in memory for the visit (nothing stored). null when it cannot be seen.
import { api } from './api/client';

const known = new Map<string, Promise<'public' | 'private' | null>>();

export function visibilityOf(communityId: string): Promise<'public' | 'private' | null> {
	let found = known.get(communityId);
	if (!found) {
		found = api()
			.GET('/communities/{cid}', { params: { path: { cid: communityId } } })
			.then(({ data }) => data?.visibility ?? null)
			.catch(() => null);
		known.set(communityId, found);
	}
	return found;
}

/** What a page already knows (its community's own page): no call needed later. */
export function remember(communityId: string, visibility: 'public' | 'private'): void {
	known.set(communityId, Promise.resolve(visibility));
}
