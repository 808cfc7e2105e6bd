// After `vite build`: the CSP allows no inline script (script-src 'self'), so SvelteKit's
// inline start-up script is moved to a file of its own, and the build is checked: no inline
// <script>, no inline style attribute, and the JS + CSS size of the start-up (gzipped).
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';

const build = new URL('../build/', import.meta.url).pathname;

async function walk(dir) {
	const out = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		out.push(...(entry.isDirectory() ? await walk(path) : [path]));
	}
	return out;
}

const files = await walk(build);
const pages = files.filter((f) => f.endsWith('.html'));
const inline = /<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g;
const writes = [];
for (const page of pages) {
	let html = await readFile(page, 'utf8');
	html = html.replace(inline, (_whole, attrs, body) => {
		const code = body.trim();
		if (!code) return '';
		const name = `boot-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.js`;
		// A classic script (document.currentScript is its parent's mount point), deferred never.
		writes.push(writeFile(join(build, '_app', name), code + '\n'));
		return `<script${attrs} src="/_app/${name}"></script>`;
	});
	html = html.replace(/<div style="display: contents">/g, '<div class="app-root">');
	writes.push(writeFile(page, html));
}
await Promise.all(writes);

let failed = false;
for (const page of pages) {
	const html = await readFile(page, 'utf8');
	if (/<script(?![^>]*\bsrc=)[^>]*>\s*\S/.test(html)) {
		console.error(`${relative(build, page)}: an inline script is left`);
		failed = true;
	}
	if (/\sstyle="/.test(html) || /<style[\s>]/.test(html)) {
		console.error(`${relative(build, page)}: an inline style is left`);
		failed = true;
	}
	if (!/<meta name="robots" content="noindex/.test(html)) {
		console.error(`${relative(build, page)}: no noindex meta`);
		failed = true;
	}
}
// SvelteKit's route announcer is rendered with an inline style attribute; rather than let the
// CSP block it (a console error on every page), its hash is published for style-src
// ('unsafe-hashes' allows exactly that attribute): build/_app/csp.json, read by local/webapp.py.
const root = await readFile(new URL('../.svelte-kit/generated/root.svelte', import.meta.url), 'utf8');
const styleHashes = [...root.matchAll(/\sstyle="([^"{}]*)"/g)].map(
	(m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`
);
await writeFile(join(build, '_app', 'csp.json'), JSON.stringify({ style_attribute_hashes: styleHashes }) + '\n');

const assets = (await walk(build)).filter((f) => /\.(js|css)$/.test(f));
let total = 0;
for (const f of assets) total += gzipSync(await readFile(f)).length;
console.log(`build checked: ${pages.length} page(s), no inline script or style; ` +
	`all JS + CSS ${(total / 1024).toFixed(1)} KB gzipped (${assets.length} files)`);
if (failed) process.exit(1);
