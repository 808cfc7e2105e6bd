import { describe, expect, it } from 'vitest';
import { shareLinks, shareUrl, mastodonInstance, mastodonLink } from '../../src/lib/share';
import { embedUrl, videoUrls, videoError, watchUrl } from '../../src/lib/video';

const URL_ = 'https://agora.example.city/contributions/c1';

describe('share links', () => {
	it('builds plain provider addresses with the page and its title encoded', () => {
		const links = shareLinks(URL_, 'Trees & shade?');
		expect(links.email).toBe('mailto:?subject=Trees%20%26%20shade%3F&body=Trees%20%26%20shade%3F%20https%3A%2F%2Fagora.example.city%2Fcontributions%2Fc1');
		expect(links.whatsapp).toBe('https://wa.me/?text=Trees%20%26%20shade%3F%20https%3A%2F%2Fagora.example.city%2Fcontributions%2Fc1');
		expect(links.x).toBe('https://x.com/intent/post?url=https%3A%2F%2Fagora.example.city%2Fcontributions%2Fc1&text=Trees%20%26%20shade%3F');
		expect(links.facebook).toBe('https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fagora.example.city%2Fcontributions%2Fc1');
	});
	it('shares the address without its query or fragment', () => {
		const u = new URL('https://agora.example.city/modules/m1?sort=latest&token=x#c');
		expect(shareUrl(u)).toBe('https://agora.example.city/modules/m1');
	});
	it('leaves out an empty title', () => {
		expect(shareLinks(URL_, '').x).toBe('https://x.com/intent/post?url=https%3A%2F%2Fagora.example.city%2Fcontributions%2Fc1');
	});
	it('reads a Mastodon instance from a host, an address or a handle', () => {
		expect(mastodonInstance('mastodon.social')).toBe('mastodon.social');
		expect(mastodonInstance(' https://Mastodon.Social/@ada ')).toBe('mastodon.social');
		expect(mastodonInstance('@ada@eldritch.cafe')).toBe('eldritch.cafe');
		for (const bad of ['', 'localhost', 'javascript:alert(1)', 'a b.org', 'évil', 'x.com"onclick=1']) {
			expect(mastodonInstance(bad), bad).toBeNull();
		}
	});
	it("links to the instance's own share page, or to nothing", () => {
		expect(mastodonLink('mastodon.social', URL_, 'Trees')).toBe('https://mastodon.social/share?text=Trees%20https%3A%2F%2Fagora.example.city%2Fcontributions%2Fc1');
		expect(mastodonLink('not a host', URL_, 'Trees')).toBeNull();
	});
});

describe('videos', () => {
	it("builds the privacy-enhanced players' addresses", () => {
		expect(embedUrl({ provider: 'youtube', id: 'dQw4w9WgXcQ' })).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
		expect(embedUrl({ provider: 'vimeo', id: '76979871' })).toBe('https://player.vimeo.com/video/76979871?dnt=1');
	});
	it('frames nothing for an id that is not one', () => {
		expect(embedUrl({ provider: 'youtube', id: '../../evil' })).toBeNull();
		expect(embedUrl({ provider: 'vimeo', id: '12a' })).toBeNull();
		expect(embedUrl({ provider: 'other' as 'vimeo', id: '1' })).toBeNull();
	});
	it('reads the form field into addresses, and edits back from videos', () => {
		expect(videoUrls('  https://youtu.be/dQw4w9WgXcQ\n\nhttps://vimeo.com/1 ')).toEqual(['https://youtu.be/dQw4w9WgXcQ', 'https://vimeo.com/1']);
		expect(videoUrls(' \n')).toBeNull();
		expect(watchUrl({ provider: 'vimeo', id: '1' })).toBe('https://vimeo.com/1');
		expect(watchUrl({ provider: 'youtube', id: 'dQw4w9WgXcQ' })).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
	});
	it("finds the field's error whichever item the API names", () => {
		expect(videoError({ 'body.videos.1': 'x', title: 'y' })).toBe('');
		expect(videoError({ 'videos.1': 'bad' })).toBe('bad');
		expect(videoError({ videos: 'bad' })).toBe('bad');
		expect(videoError(undefined)).toBe('');
	});
});
