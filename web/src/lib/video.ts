// Videos as the API answers them ({provider, id}): the privacy-enhanced player's address,
// built only when the person asks for the player (components/VideoPlayer.svelte). Nothing
// here fetches anything from the provider.
export type Video = { provider: 'youtube' | 'vimeo'; id: string };

export const PROVIDER_NAMES: Record<Video['provider'], string> = { youtube: 'YouTube', vimeo: 'Vimeo' };

const IDS: Record<Video['provider'], RegExp> = { youtube: /^[A-Za-z0-9_-]{11}$/, vimeo: /^[0-9]{1,12}$/ };

/** youtube-nocookie.com for YouTube, Vimeo with dnt=1; null for anything unreadable. */
export function embedUrl(video: Video): string | null {
	if (!IDS[video.provider]?.test(video.id)) return null;
	return video.provider === 'youtube'
		? `https://www.youtube-nocookie.com/embed/${video.id}`
		: `https://player.vimeo.com/video/${video.id}?dnt=1`;
}

/** The posting form's field: one address a line (or separated by spaces), blanks dropped. */
export function videoUrls(text: string): string[] | null {
	const urls = text.split(/\s+/).filter(Boolean);
	return urls.length ? urls : null;
}

/** The field's error from a problem's fields (`videos`, `videos.0`, …), if any. */
export function videoError(fields: Record<string, string> | undefined): string {
	if (!fields) return '';
	const key = Object.keys(fields).find((k) => k === 'videos' || k.startsWith('videos.') || k.startsWith('videos['));
	return key ? fields[key] : '';
}

/** The provider's usual address for a video, to edit a contribution's list as text. */
export function watchUrl(video: Video): string {
	return video.provider === 'youtube' ? `https://www.youtube.com/watch?v=${video.id}` : `https://vimeo.com/${video.id}`;
}
