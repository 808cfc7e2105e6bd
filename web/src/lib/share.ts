// Share links as plain addresses (no provider script, pixel or widget is ever loaded): the
// person's browser opens the provider only when they follow one. Mastodon has no central
// site: the person names their instance, kept in memory only (nothing stored).
export type ShareLinks = { email: string; whatsapp: string; x: string; facebook: string };

const enc = encodeURIComponent;

/** The page's address without query or fragment (a share never carries a token or a sort). */
export function shareUrl(location: { origin: string; pathname: string }): string {
	return location.origin + location.pathname;
}

export function shareLinks(url: string, title: string): ShareLinks {
	const text = title ? `${title} ${url}` : url;
	return {
		email: `mailto:?subject=${enc(title)}&body=${enc(text)}`,
		whatsapp: `https://wa.me/?text=${enc(text)}`,
		x: `https://x.com/intent/post?url=${enc(url)}${title ? `&text=${enc(title)}` : ''}`,
		facebook: `https://www.facebook.com/sharer/sharer.php?u=${enc(url)}`
	};
}

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `mastodon.social` from what the person typed (`@ada@mastodon.social`, a full address, a
 * bare host); null unless it is a plain host name. */
export function mastodonInstance(typed: string): string | null {
	let value = typed.trim().toLowerCase();
	if (!value) return null;
	const handle = value.match(/^@?[^@\s/]+@([^@\s/]+)$/);
	if (handle) value = handle[1];
	value = value.replace(/^https?:\/\//, '').split(/[/?#]/)[0];
	return HOST.test(value) ? value : null;
}

/** The instance's own share page (Mastodon's `/share?text=`), or null for no valid instance. */
export function mastodonLink(typed: string, url: string, title: string): string | null {
	const instance = mastodonInstance(typed);
	return instance ? `https://${instance}/share?text=${enc(title ? `${title} ${url}` : url)}` : null;
}
