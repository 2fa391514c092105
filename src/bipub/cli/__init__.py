"""The `bipub` command line: parse arguments, call one function, print, choose the exit code.

One module per command group (`build`, `import_`, `glossary`, `models`, `review`);
what they share (``-C``, one-line errors, exit codes) is in `common`.  Every
command that reads a project starts from ``Project.open``.

Exit codes: 0 done; 1 done with errors (or warnings under --strict); 2 usage or
configuration error.  Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import click

from bipub import __version__
from bipub.cli.build import build
from bipub.cli.desk import desk
from bipub.cli.glossary import glossary
from bipub.cli.import_ import import_cmd
from bipub.cli.models import models
from bipub.cli.review import review


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bipub")
def main() -> None:
    """bipub: offline Chinese → English bilingual publishing."""


for command in (build, import_cmd, glossary, models, review, desk):
    main.add_command(command)


if __name__ == "__main__":
    main()
