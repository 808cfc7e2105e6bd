// Global setup: the whole local platform (`python -m local.run`: emulator, API, worker, mail
// outbox) in a temporary state directory on free ports, and the web build served by
// local/webapp.py; both stopped at the end. With AGORA_E2E_WEB_URL, AGORA_E2E_API_URL and
// AGORA_E2E_OUTBOX set (and AGORA_E2E_ADMIN_EMAIL/PASSWORD), a running platform is reused.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLIENT_ID, CLIENT_SECRET, startProvider, startTiles } from './fake-provider';

const REPO = resolve(import.meta.dirname, '../../..');

function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
		});
	});
}

async function waitFor(url: string, child: ChildProcess, log: string, seconds: number) {
	const deadline = Date.now() + seconds * 1000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${url}: the process stopped\n${readFileSync(log, 'utf8').slice(-2000)}`);
		try {
			const r = await fetch(url);
			if (r.ok) return;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	throw new Error(`${url} did not answer in ${seconds}s\n${readFileSync(log, 'utf8').slice(-2000)}`);
}

function stop(child: ChildProcess) {
	if (child.exitCode === null && child.pid) {
		try {
			process.kill(-child.pid, 'SIGINT');
		} catch {
			/* gone */
		}
	}
}

export default async function globalSetup() {
	if (process.env.AGORA_E2E_WEB_URL && process.env.AGORA_E2E_API_URL && process.env.AGORA_E2E_OUTBOX) return;
	const python = process.env.AGORA_PYTHON || join(REPO, '.venv/bin/python');
	if (!existsSync(join(import.meta.dirname, '../../build/index.html'))) throw new Error('build the web app first: npm run build');
	const state = mkdtempSync(join(tmpdir(), 'agora-e2e-'));
	const [api, emulator, viewer, web, sso, tilePort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
	const provider = startProvider(sso);
	const tiles = startTiles(tilePort);
	const tilesUrl = `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`;
	const ssoUrl = `http://127.0.0.1:${sso}`;
	const webUrl = `http://127.0.0.1:${web}`;
	const apiUrl = `http://127.0.0.1:${api}`;
	const admin = { email: 'admin@e2e.example.org', password: 'an admin passphrase for the e2e run' };
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env) as [string, string | undefined][]) {
		if (v !== undefined && !/^(AGORA_|AWS_|MAKE|MFLAGS)/.test(k)) env[k] = v;
	}
	Object.assign(env, {
		AGORA_STATE_DIR: state,
		AGORA_API_PORT: String(api),
		AGORA_EMULATOR_PORT: String(emulator),
		AGORA_MAIL_VIEWER_PORT: String(viewer),
		AGORA_WEB_PORT: String(web),
		AGORA_WEB: '0', // the web server is started here, from the build just made
		AGORA_FRONTEND_URL: webUrl,
		AGORA_FRONTEND_ORIGINS: webUrl,
		AGORA_ADMIN_EMAIL: admin.email,
		AGORA_ADMIN_PASSWORD: admin.password,
		AGORA_SCHEDULE_EVERY: '5',
		AGORA_SNAPSHOT_EVERY: '30',
		// Facebook sign-in, against the fake provider on loopback
		AGORA_SSO_FACEBOOK_CLIENT_ID: CLIENT_ID,
		AGORA_SSO_FACEBOOK_CLIENT_SECRET: CLIENT_SECRET,
		AGORA_SSO_FACEBOOK_AUTHORIZE_URL: `${ssoUrl}/authorize`,
		AGORA_SSO_FACEBOOK_TOKEN_URL: `${ssoUrl}/token`,
		AGORA_SSO_FACEBOOK_USERINFO_URL: `${ssoUrl}/me?fields=id,name,email`
	});
	const log = join(state, 'platform.log');
	const out = openSync(log, 'a');
	const platform = spawn(python, ['-m', 'local.run'], { cwd: REPO, env, detached: true, stdio: ['ignore', out, out] });
	const webLog = join(state, 'web.log');
	const webOut = openSync(webLog, 'a');
	const site = spawn(
		python,
		['-m', 'local.webapp', '--port', String(web), '--api', apiUrl, '--media', `http://127.0.0.1:${emulator}`, '--tiles', tilesUrl],
		{ cwd: REPO, env, detached: true, stdio: ['ignore', webOut, webOut] }
	);
	try {
		await waitFor(`${apiUrl}/health`, platform, log, 120);
		await waitFor(`${webUrl}/config.json`, site, webLog, 20);
	} catch (e) {
		stop(site);
		stop(platform);
		provider.close();
		tiles.close();
		throw e;
	}
	process.env.AGORA_E2E_WEB_URL = webUrl;
	process.env.AGORA_E2E_API_URL = apiUrl;
	process.env.AGORA_E2E_OUTBOX = join(state, 'outbox');
	process.env.AGORA_E2E_ADMIN_EMAIL = admin.email;
	process.env.AGORA_E2E_ADMIN_PASSWORD = admin.password;
	console.log(`platform for the e2e run: web ${webUrl}, API ${apiUrl}, state ${state}`);
	process.env.AGORA_E2E_FACEBOOK = ssoUrl;
	process.env.AGORA_E2E_TILES = `127.0.0.1:${tilePort}`;
	return async () => {
		provider.close();
		tiles.close();
		stop(site);
		stop(platform);
		await new Promise((r) => setTimeout(r, 1500));
		// The temporary state goes, unless kept to read its platform.log (AGORA_E2E_KEEP=1).
		if (process.env.AGORA_E2E_KEEP !== '1') rmSync(state, { recursive: true, force: true });
	};
}
