// The community's logo and cover (POST /communities/{cid}/media, then the presigned S3 POST):
// what the API takes (CommunityMediaIn, from the OpenAPI: the image types and the size),
// said before sending, and how the page knows the checked image is linked (its address's
// path changes: the query of a presigned address changes on every read).
import { rule } from './limits';
import { tc } from '../i18n/console/index.svelte';
import { formatNumber } from '../i18n/index.svelte';

export type ImageKind = 'logo' | 'cover';
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';
const TYPE_RULE = rule('CommunityMediaIn', 'content_type');
const SIZE_RULE = rule('CommunityMediaIn', 'size');
export const IMAGE_TYPES = (TYPE_RULE.enum ?? []) as readonly ImageType[];
export const MAX_BYTES = SIZE_RULE.maximum ?? 5 * 1024 * 1024;

const typeNames = () => IMAGE_TYPES.map((t) => t.replace('image/', '').toUpperCase()).join(', ');
const megabytes = () => formatNumber(Math.round((MAX_BYTES / (1024 * 1024)) * 10) / 10);

/** "A JPEG, PNG, WEBP, GIF image of at most 5 MB…" */
export function imageHint(): string {
	return tc('media.hint', { types: typeNames(), mb: megabytes() });
}

/** Why the API would refuse this file, or null. */
export function imageRefusal(file: { type: string; size: number }): string | null {
	if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return tc('media.wrongType', { types: typeNames() });
	if (file.size > MAX_BYTES) return tc('media.tooBig', { mb: megabytes() });
	if (file.size < (SIZE_RULE.minimum ?? 1)) return tc('media.wrongType', { types: typeNames() });
	return null;
}

/** The stored object an image address points at (its path), or null. */
export function imagePath(url: string | null | undefined): string | null {
	if (!url) return null;
	try {
		return new URL(url).pathname;
	} catch {
		return null;
	}
}
