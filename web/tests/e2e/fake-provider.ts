// A stand-in for Facebook's OAuth endpoints on loopback, for the e2e run: authorize (shows a
// consent page, then sends the browser back with a code), token (checks the PKCE verifier,
// the client and the redirect) and the userinfo endpoint, as tests/api/test_auth_sso.py's.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export const CLIENT_ID = 'e2e-facebook-client';
export const CLIENT_SECRET = randomBytes(16).toString('hex');
let PERSON = { id: `fb-${Date.now()}`, name: 'Grace Hopper', email: `grace.${Date.now()}@e2e.example.org` };

type Grant = { redirect: string; challenge: string };

export function startProvider(port: number): Server {
	const codes = new Map<string, Grant>();
	const tokens = new Set<string>();
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
		const json = (status: number, body: unknown) => {
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (req.method === 'GET' && url.pathname === '/authorize') {
			const q = url.searchParams;
			if (q.get('client_id') !== CLIENT_ID || q.get('code_challenge_method') !== 'S256') return json(400, { error: 'invalid_request' });
			const code = randomBytes(12).toString('hex');
			codes.set(code, { redirect: q.get('redirect_uri') ?? '', challenge: q.get('code_challenge') ?? '' });
			const back = `${q.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(q.get('state') ?? '')}`;
			res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
			res.end(`<!doctype html><html lang="en"><title>Fake Facebook</title><main><h1>Fake Facebook</h1>` +
				`<p><a href="${back.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">Continue as ${PERSON.name}</a></p></main></html>`);
			return;
		}
		if (req.method === 'POST' && url.pathname === '/person') {
			// The test chooses who signs in next (someone whose address has an account already).
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				PERSON = JSON.parse(body);
				json(200, PERSON);
			});
			return;
		}
		if (req.method === 'GET' && url.pathname === '/me') {
			const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
			return tokens.has(bearer) ? json(200, PERSON) : json(401, { error: 'invalid_token' });
		}
		if (req.method === 'POST' && url.pathname === '/token') {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				const form = new URLSearchParams(body);
				const grant = codes.get(form.get('code') ?? '');
				codes.delete(form.get('code') ?? '');
				const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
				if (!grant || grant.challenge !== challenge || grant.redirect !== form.get('redirect_uri') ||
					form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
					return json(400, { error: 'invalid_grant' });
				}
				const token = randomBytes(16).toString('hex');
				tokens.add(token);
				json(200, { access_token: token, token_type: 'bearer', expires_in: 3600 });
			});
			return;
		}
		json(404, { error: 'not_found' });
	});
	server.listen(port, '127.0.0.1');
	return server;
}

// A map tile server on loopback (the one configurable third party of the app): every
// `/{z}/{x}/{y}.png` answers the same small grey PNG, and the count of tiles served is kept.
const GREY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGM4AwAAzgDN1GaQsAAAAABJRU5ErkJggg==',
	'base64'
);

export function startTiles(port: number): Server {
	const server = createServer((req, res) => {
		if (/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
			res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=3600' });
			res.end(GREY_PNG);
		} else {
			res.writeHead(404);
			res.end();
		}
	});
	server.listen(port, '127.0.0.1');
	return server;
}
