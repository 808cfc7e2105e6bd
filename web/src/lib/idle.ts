// Work that must not delay a page's first paint (the profile, the unread count, results below
// the fold): once the browser is idle after it, or within two seconds.
export function afterPaint(fn: () => void): void {
	// Two frames: the second starts once the first (the page's content) has been presented.
	requestAnimationFrame(() => requestAnimationFrame(() => {
		const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
		if (idle) idle(fn, { timeout: 2000 });
		else setTimeout(fn, 100);
	}));
}
