"""The `jiefen` console script: batch work on files, without the web server or a database."""

import argparse
import sys

from jiefen.cli import triage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jiefen", description="解纷 batch tools")
    commands = parser.add_subparsers(dest="command", required=True)
    triage.register(commands)
    arguments = parser.parse_args(argv)
    return arguments.run(arguments, sys.stdin, sys.stdout, sys.stderr)
