// A presigned S3 POST upload with progress (fetch cannot report upload progress: XHR can).
export type Presigned = { url: string; fields: Record<string, unknown> };

export function upload(
	target: Presigned,
	file: Blob,
	onProgress: (fraction: number) => void
): Promise<boolean> {
	return new Promise((resolve) => {
		const form = new FormData();
		for (const [k, v] of Object.entries(target.fields)) form.append(k, String(v));
		form.append('file', file);
		const xhr = new XMLHttpRequest();
		xhr.open('POST', target.url);
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable) onProgress(e.loaded / e.total);
		};
		xhr.onload = () => {
			onProgress(1);
			resolve(xhr.status >= 200 && xhr.status < 300);
		};
		xhr.onerror = () => resolve(false);
		xhr.send(form);
	});
}
