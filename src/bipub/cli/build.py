"""`bipub build`: every source into the configured outputs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from bipub.cli.common import exit_code, handle_errors, open_project, print_findings, project_option
from bipub.findings import count_by_severity
from bipub.render import HANT_CONFIGS, VARIANTS, WRITERS
from bipub.translate.engines import engine_choices


@click.command()
@project_option
@click.option("--engine", type=click.Choice(engine_choices()), default=None,
              help="Where English comes from when the memory has none [default: bipub.toml, else auto].")
@click.option("--variant", type=click.Choice(VARIANTS), default=None,
              help="Chinese script of the Chinese column.")
@click.option("--hant-config", type=click.Choice(HANT_CONFIGS), default=None,
              help="OpenCC conversion for zh-Hant: characters only (s2tw, default), or with Taiwan (s2twp) "
                   "or Hong Kong (s2hk) vocabulary.")
@click.option("--tagged-pdf", is_flag=True, default=None, help="Write a tagged, accessible PDF (PDF/UA).")
@click.option("--format", "formats", default=None, metavar=",".join(WRITERS.names()),
              help="Outputs to write, comma-separated.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--force", is_flag=True, help="Build every document, up to date or not.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Documents built at once, in worker processes [default: the number of cores].")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="MT and typesetting on a Dask cluster: a scheduler's address (tcp://host:8786), or 'local' "
                   "for one started here (needs the cluster extra: scripts/setup --cluster).")
@handle_errors
def build(project: Path, engine, variant, hant_config, tagged_pdf, formats, strict, force, jobs, cluster) -> None:
    """Build every source/*.md into the output folder: PDF, HTML page, HTML fragment, report."""
    from bipub.pipeline import build as run_build

    fmt_list = None
    known = ", ".join(WRITERS.names())
    if formats:
        fmt_list = [f.strip() for f in formats.split(",") if f.strip()]
        bad = [f for f in fmt_list if f not in WRITERS]
        if bad:
            raise click.BadParameter(f"unknown format {bad[0]!r} (use {known})", param_hint="--format")
    if formats is not None and not fmt_list:
        raise click.BadParameter(f"name at least one format ({known})", param_hint="--format")
    runner = None
    if cluster is not None:
        if jobs is not None:
            raise click.BadParameter("give --jobs or --cluster, not both", param_hint="--cluster")
        from bipub.cluster import runner as cluster_runner

        runner = cluster_runner(cluster, workers=cores())
    result = run_build(open_project(project).with_build(engine=engine, variant=variant, hant_config=hant_config,
                                                        tagged_pdf=tagged_pdf, formats=fmt_list),
                       force=force, jobs=jobs or cores(), runner=runner)
    findings = result.all_findings()
    print_findings([f for f in findings if f.severity in ("error", "warning")], limit=40)
    fresh = [d.source for d in result.documents if d.up_to_date]
    if fresh:
        click.echo(f"up to date (signature unchanged, outputs present): {len(fresh)} documents: "
                   + ", ".join(fresh[:10]) + (" …" if len(fresh) > 10 else ""))
    for d in result.documents:
        if d.up_to_date:
            continue
        click.echo(f"{d.source}: built ({result.reasons.get(d.source, 'outdated')})")
        counts = ", ".join(f"{k} {v}" for k, v in d.counts.items())
        click.echo(f"  {counts}; model calls {d.model_calls}, cache hits {d.cache_hits} ({d.seconds:.1f} s)")
        click.echo("  review states: " + _states(d.gate.states))
        if d.import_findings:
            click.echo(f"  {len(d.import_findings)} findings from `bipub import` are in the report (import_findings)")
        if d.gate.publishable:
            click.echo("  publishable" + (f" (marked machine translated: {d.gate.machine} segments)"
                                          if d.gate.machine else ""))
        else:
            click.echo("  NOT PUBLISHABLE (outputs marked DRAFT):")
            for r in d.gate.reasons:
                click.echo(f"    - {r.message}")
        for out in d.outputs:
            click.echo(f"  wrote {out}")
    c = count_by_severity(findings)
    drafts = [d for d in result.documents if not d.gate.publishable]
    project_errors = [f for f in result.findings if f.severity == "error"]
    if drafts or project_errors or not result.documents:
        why = sorted({r.code for d in drafts for r in d.gate.reasons} | ({"errors"} if project_errors else set()))
        verdict = f"NOT publishable ({', '.join(why) or 'nothing built'})"
    else:
        verdict = "publishable"
    states = {}
    for d in result.documents:
        states = {k: states.get(k, 0) + v for k, v in d.gate.states.items()}
    click.echo("segments: " + ", ".join(f"{k} {v}" for k, v in result.counts().items())
               + (f" | review: {_states(states)}" if states else "")
               + f" | findings: {c['error']} errors, {c['warning']} warnings | {verdict}")
    sys.exit(max(exit_code(findings, strict), 0 if verdict == "publishable" else 1))


def _states(states: dict) -> str:
    return ", ".join(f"{k.replace('-', ' ')} {v}" for k, v in states.items())


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
