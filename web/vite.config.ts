import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	build: { target: 'es2022', cssMinify: true, rollupOptions: { output: { experimentalMinChunkSize: 4_000 } } },
	test: { include: ['tests/unit/**/*.test.ts'], environment: 'node' }
});
