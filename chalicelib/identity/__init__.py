"""Identity: accounts, registration and confirmation, sign-in and sessions, passwords, SSO,
profiles, throttles, platform administrators."""
