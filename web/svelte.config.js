import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** Static files only (S3 + CloudFront); every path that is no file gets index.html (SPA). */
/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
		// Absolute asset paths: the fallback page is served at every depth of the URL.
		paths: { relative: false },
		// No inline <style>: the CSP says style-src 'self'.
		inlineStyleThreshold: 0,
		output: { bundleStrategy: 'split' },
		version: { name: 'agora-web' }
	}
};
