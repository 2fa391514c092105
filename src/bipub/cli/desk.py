"""`bipub desk`: the editor's desk in the browser (local, offline)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from bipub.cli.common import handle_errors, project_option
from bipub.findings import ConfigError


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("desk")
@project_option
@click.option("--port", default=8765, show_default=True, help="Port to serve on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on; any other than loopback needs --token.")
@click.option("--token", default=None, help="Access token every request must carry (required off loopback).")
@handle_errors
def desk(project: Path, port: int, host: str, token: str | None) -> None:
    """Review translations and revise the glossary in the browser, beside the page."""
    import socket

    import uvicorn

    from bipub.desk.app import create_app

    if not _loopback(host) and not token:
        raise ConfigError(f"--host {host} serves the desk to the network: give an access token with --token")
    if port == 0:
        with socket.socket() as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
    app = create_app(project, host=host, port=port, token=token)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"bipub desk: http://{shown}:{port}/" + (f"?token={token}" if token else "") + "  (Ctrl+C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
