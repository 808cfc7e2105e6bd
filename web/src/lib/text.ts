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
