"""The CDK app: `python infra/app.py -c stage=prod` (what `make synth` runs) or through the
CDK CLI (`make deploy STAGE=prod`). Synthesises one stage, checks it with cdk-nag's
AwsSolutions pack, and exits non-zero on any unacknowledged finding."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cli_args(argv: list[str]) -> tuple[dict[str, str], str | None]:
    """`-c key=value` pairs, as the CDK CLI takes them, and `-o outdir` (for running this
    file directly; under the CLI the context and outdir come through the environment)."""
    context: dict[str, str] = {}
    outdir = None
    args = iter(argv)
    for arg in args:
        if arg in ("-c", "--context"):
            key, sep, value = next(args, "").partition("=")
            if not key or not sep:
                raise SystemExit(f"{arg} wants key=value")
            context[key] = value
        elif arg in ("-o", "--output"):
            outdir = next(args, None)
        else:
            raise SystemExit(f"unknown argument {arg!r}: use -c key=value and -o outdir")
    return context, outdir


# Set here rather than in cdk.json so that running this file directly synthesises the same
# template as the CDK CLI does.
FEATURE_FLAGS = {
    "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True,
}


def build(context: dict[str, str], outdir: str | None = None) -> object:
    import aws_cdk as cdk

    from infra.settings import DEFAULTS, REMOVED, resolve
    from infra.stack import AgoraStack, ensure_environment

    app = cdk.App(context={**FEATURE_FLAGS, **context}, outdir=outdir)
    keys = ("stage", *DEFAULTS["dev"], *REMOVED)
    settings = resolve({k: v for k in keys
                        if (v := app.node.try_get_context(k)) is not None})
    ensure_environment(settings.stage)
    env = None
    if os.environ.get("CDK_DEFAULT_ACCOUNT") and os.environ.get("CDK_DEFAULT_REGION"):
        env = cdk.Environment(account=os.environ["CDK_DEFAULT_ACCOUNT"],
                              region=os.environ["CDK_DEFAULT_REGION"])
    AgoraStack(app, settings, env=env)
    add_checks(app)
    return app


def add_checks(app: object) -> None:
    """cdk-nag's AwsSolutions pack on every synth: an unacknowledged finding fails it."""
    import aws_cdk as cdk
    from cdk_nag import AwsSolutionsChecks

    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app, verbose=True))  # type: ignore


def main(argv: list[str]) -> int:
    context, outdir = cli_args(argv)
    if outdir is None and not os.environ.get("CDK_OUTDIR"):
        outdir = "cdk.out"
    app = build(context, outdir)
    assembly = app.synth()  # type: ignore[attr-defined]
    for stack in assembly.stacks:
        print(f"synthesised {stack.stack_name} -> {Path(assembly.directory, stack.template_file)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
