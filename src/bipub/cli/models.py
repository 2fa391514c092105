"""`bipub models list|install`: Argos Translate packages (zh→en)."""

from __future__ import annotations

from pathlib import Path

import click

from bipub.cli.common import handle_errors, open_project, print_findings, project_option
from bipub.findings import BipubError, InputRefused


@click.group()
def models() -> None:
    """List and install Argos Translate packages (zh→en)."""


def _packages_dir(project: Path) -> Path:
    from bipub.translate.packages import packages_dir

    opened = open_project(project, optional=True)  # models may be installed before any project exists
    configured = opened.config.engine("argos").packages_dir if opened is not None else ""
    return packages_dir(configured or None, project)


@models.command("list")
@project_option
@handle_errors
def models_list(project: Path) -> None:
    """Show installed translation packages."""
    from bipub.translate.packages import list_packages

    directory = _packages_dir(project)
    skipped: list = []
    pkgs = list_packages(directory, skipped)
    print_findings(skipped)
    if not pkgs:
        click.echo(f"no packages installed in {directory}")
    for p in pkgs:
        click.echo(f"{p.name}\t{p.version}\t{p.from_code}→{p.to_code}\t{p.size_bytes / 1e6:.1f} MB\t{p.path}")


@models.command("install")
@project_option
@click.argument("name", required=False)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Install a downloaded .argosmodel file (offline).")
@handle_errors
def models_install(project: Path, name: str | None, file: Path | None) -> None:
    """Install NAME from the Argos index, or a package file with --file."""
    from bipub.translate.packages import install_file, install_from_index

    if bool(name) == bool(file):
        raise click.UsageError("give either a package NAME or --file PATH")
    directory = _packages_dir(project)
    if file:
        try:
            info = install_file(file, directory)
        except BipubError as e:  # the package file is refused: exit 2, installed packages untouched
            raise InputRefused(str(e)) from e
    else:
        info = install_from_index(name, directory)
    click.echo(f"installed {info.name} {info.version} ({info.from_code}→{info.to_code}) in {info.path}")
