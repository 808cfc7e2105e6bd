// The API returns plain text HTML-escaped (docs/text-fields.md); shown as text, it is
// unescaped first (Svelte escapes it again for the page).
export function unescape(s: string): string {
	return s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#x27;|&#39;/g, "'")
		.replace(/&amp;/g, '&');
}

/** A text given per locale (`{en: ..., fr: ...}`): the person's language, else English, else
 * the first there is, with the locale it is in (so that the page can say it fell back). */
export function inLocale(texts: Record<string, string> | null | undefined, locale: string): { text: string; locale: string | null } {
	if (!texts) return { text: '', locale: null };
	for (const key of [locale, 'en', ...Object.keys(texts).sort()]) {
		if (texts[key]) return { text: texts[key], locale: key };
	}
	return { text: '', locale: null };
}
