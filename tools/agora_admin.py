"""Make someone a platform administrator on a stage (creating the account if needed):

    python -m tools.agora_admin promote --stage prod --email ops@example.org [--name "Ops"]

It talks to the stage's tables and secret with the AWS credentials of the shell (the same
`chalicelib.identity.platform_admins.ensure_platform_admin` that `make run` uses), and says
exactly what it did:
- no account with that address: one is created with the password you give;
- an account whose owner confirmed the address: it is promoted, keeps its owner's password
  (yours is not asked for), and its sessions end so that its next sign-in carries the role;
- an unconfirmed account (someone registered the address and never confirmed it, perhaps
  not its owner): its password, data and confirmation links are discarded and it becomes a
  confirmed administrator with the password you give;
- a suspended or deleted account: refused, nothing changes.
The password is read from AGORA_ADMIN_PASSWORD or asked at a prompt, never taken from the
command line (where shell history and process lists would keep it).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools.agora_admin",
                                     description="Agora operator commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    promote = commands.add_parser("promote", help="make an account a platform administrator")
    promote.add_argument("--stage", required=True, help="the deployed stage (dev, prod, ...)")
    promote.add_argument("--email", required=True)
    promote.add_argument("--name", default="Administrator",
                         help="the name of the account, if it has to be created")
    promote.add_argument("--region", help="AWS region (default: AWS_REGION or eu-west-1)")
    return parser


def _new_password() -> str:
    password = os.environ.get("AGORA_ADMIN_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise SystemExit("set AGORA_ADMIN_PASSWORD, or run in a terminal to be asked")
    password = getpass.getpass("Password for the new administrator account: ")
    if getpass.getpass("Once more: ") != password:
        raise SystemExit("the two passwords differ")
    return password


def promote(email: str, name: str) -> str:
    """What was done, for the operator."""
    from chalicelib.identity import email_rules as emails
    from chalicelib.identity import password_rules as password_policy
    from chalicelib.identity import platform_admins as admins

    address = emails.validated(email)
    password = None
    if admins.needs_password(address):
        password = _new_password()
        problem = password_policy.weakness(password, (name, address))
        if problem:
            raise SystemExit(f"password {problem}")
    try:
        return admins.ensure_platform_admin(address, password, name=name).report()
    except admins.PasswordNeeded:
        raise SystemExit("the address was registered meanwhile: nothing was changed; run "
                         "the command again") from None
    except admins.PromotionRefused as refused:
        raise SystemExit(str(refused)) from None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Settings and table names are read once, on first import: name the stage before that.
    os.environ["AGORA_STAGE"] = args.stage
    if args.region:
        os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"] = args.region
    from chalicelib.platform.config import settings

    if settings().stage != args.stage:
        raise SystemExit(f"this process is already bound to stage {settings().stage!r}")
    from chalicelib.platform.errors import DomainError

    try:
        print(promote(args.email, args.name))
    except DomainError as err:
        raise SystemExit(err.detail) from None
    return 0


if __name__ == "__main__":
    sys.exit(main())
