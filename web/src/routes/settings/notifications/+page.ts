import { redirect } from '@sveltejs/kit';

// Every email's "Change your email settings" link: the email categories on the account page
// (signing in first if needed: the account page asks for it).
export function load() {
	redirect(307, '/account#emails-h');
}
