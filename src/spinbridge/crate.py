"""A Workflow Run RO-Crate of a finished run: what ran, with which config, and every file it made.

The crate (https://w3id.org/ro/wfrun/workflow/0.5 on RO-Crate 1.1) is rooted at ``results/``:

* ``pipeline/`` holds a copy of the workflow as it ran, at its repository paths: ``Snakefile``
  (the main entity, a ``ComputationalWorkflow``), ``workflow/rules/*.smk``, ``config.yaml`` and the
  schema files, ``envs/spinbridge.yaml``, ``requirements/constraints.txt``, the captions, the
  claims registry, and every script, notebook and library module a job read;
* one ``CreateAction`` is the run (instrument: the workflow; object: the config files; result:
  every output; start and end from the Snakemake log; spinbridge version, git commit and the
  config's SHA-256 as ``PropertyValue`` identifiers);
* one ``CreateAction`` per job says which rule (``#rule-<name>``, part of its ``.smk`` file) made
  which outputs from which inputs, as Snakemake recorded them (:mod:`spinbridge.runlog`);
* every file under ``results/`` is a ``File`` with ``contentSize``, ``sha256`` and
  ``encodingFormat``; the papers are ``citation`` entities (DOI, or a description for the preprint
  without one); the claims scorecard is described with its counts.

Functions here build the :class:`rocrate.rocrate.ROCrate` in memory; writing it is the caller's
(``crate.write(results_dir)`` copies the ``pipeline/`` files and writes the metadata).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rocrate.model.contextentity import ContextEntity
from rocrate.rocrate import ROCrate

from spinbridge.runlog import JobRecord

__all__ = [
    "ENCODING_FORMATS",
    "PROFILES",
    "SNAPSHOT_DIR",
    "FileRecord",
    "Paper",
    "RunInfo",
    "build_crate",
    "encoding_format",
    "file_record",
    "output_records",
    "papers_from_citation",
    "sha256_of",
]

RO_CRATE_VERSION = "1.1"
PROFILES: tuple[tuple[str, str, str], ...] = (
    ("https://w3id.org/ro/wfrun/process/0.5", "Process Run Crate", "0.5"),
    ("https://w3id.org/ro/wfrun/workflow/0.5", "Workflow Run Crate", "0.5"),
    ("https://w3id.org/workflowhub/workflow-ro-crate/1.0", "Workflow RO-Crate", "1.0"),
)
"""(URI, name, version) of the profiles the crate conforms to."""

SNAPSHOT_DIR = "pipeline"
"""Folder of the crate that holds the workflow files at their repository paths."""

ENCODING_FORMATS: dict[str, str] = {
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".nc": "application/x-netcdf",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".tex": "application/x-tex",
    ".ipynb": "application/x-ipynb+json",
    ".log": "text/plain",
    ".txt": "text/plain",
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".cff": "application/yaml",
    ".toml": "application/toml",
    ".py": "text/x-python",
    ".smk": "text/x-python",
    ".rst": "text/x-rst",
    ".md": "text/markdown",
    ".html": "text/html",
    ".css": "text/css",
}
"""File suffix -> media type (``encodingFormat``); ``Snakefile`` and ``Makefile`` are text."""

_LICENSE = "https://spdx.org/licenses/BSD-3-Clause"
_COMPLETED = "http://schema.org/CompletedActionStatus"
_BIOSCHEMAS_WORKFLOW = "https://bioschemas.org/profiles/ComputationalWorkflow/1.0-RELEASE"
_ORG = "#spinbridge-developers"


@dataclass(frozen=True)
class FileRecord:
    """A file of the crate: path relative to the crate root, size, SHA-256, media type."""

    path: str
    size: int
    sha256: str
    encoding_format: str


@dataclass(frozen=True)
class Paper:
    """A reproduced paper: its key (``store.PAPERS``), title, DOI (``None`` for the preprint)."""

    key: str
    title: str
    doi: str | None
    description: str = ""


@dataclass(frozen=True)
class RunInfo:
    """The run as a whole (times are timezone-aware)."""

    start: _dt.datetime
    end: _dt.datetime
    spinbridge_version: str
    git_commit: str
    config_sha256: str
    snakemake_version: str = ""
    command: str = ""
    agent: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


def encoding_format(path: str | Path) -> str:
    """Media type of ``path`` from its suffix (:data:`ENCODING_FORMATS`).

    Raises
    ------
    ValueError
        If ``path`` is not a str or Path.
    """
    if not isinstance(path, str | Path):
        raise ValueError(f"path must be str or Path, got {type(path)}")
    p = Path(path)
    if p.name in {"Snakefile", "Makefile"}:
        return "text/plain"
    return ENCODING_FORMATS.get(p.suffix.lower(), "application/octet-stream")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (read in 1 MiB chunks).

    Raises
    ------
    ValueError
        If ``path`` is not an existing file.
    """
    if not isinstance(path, Path) or not path.is_file():
        raise ValueError(f"path must be an existing file (Path), got {path!r}")
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_record(path: Path, root: Path) -> FileRecord:
    """The :class:`FileRecord` of ``path``, named relative to ``root`` (POSIX separators).

    Raises
    ------
    ValueError
        If ``path`` is not a file inside ``root``.
    """
    if not isinstance(root, Path) or not isinstance(path, Path):
        raise ValueError(f"path and root must be Path, got {type(path)}, {type(root)}")
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise ValueError(f"path {path} is not inside root {root}") from None
    return FileRecord(rel, path.stat().st_size, sha256_of(path), encoding_format(path))


def output_records(results_dir: Path, exclude: Sequence[str] = ()) -> list[FileRecord]:
    """Every file under ``results_dir`` (sorted), except the crate's own and ``exclude``.

    Parameters
    ----------
    results_dir : Path
        The crate root (``results/``).
    exclude : Sequence[str]
        Relative paths or folder prefixes (ending in ``/``) to leave out; ``ro-crate-metadata.json``
        and :data:`SNAPSHOT_DIR` are always left out, and so are dot files (``.gitkeep``).

    Raises
    ------
    ValueError
        If ``results_dir`` is not a directory.
    """
    if not isinstance(results_dir, Path) or not results_dir.is_dir():
        raise ValueError(f"results_dir must be an existing directory, got {results_dir!r}")
    skip = ("ro-crate-metadata.json", f"{SNAPSHOT_DIR}/", *exclude)
    records = []
    for p in sorted(results_dir.rglob("*")):
        rel = p.relative_to(results_dir).as_posix()
        if not p.is_file() or p.name.startswith(".") or rel.startswith(skip):
            continue
        records.append(file_record(p, results_dir))
    return records


def papers_from_citation(cff: Mapping[str, Any], keys: Mapping[str, str]) -> list[Paper]:
    """The reproduced papers from ``CITATION.cff``'s references, keyed like ``store.PAPERS``.

    A reference's key is its first author's family name (lower case) and year (``katz2022``).

    Parameters
    ----------
    cff : Mapping
        The parsed ``CITATION.cff``.
    keys : Mapping[str, str]
        ``store.PAPERS``: paper key -> DOI (or the citation text of a paper without one).

    Raises
    ------
    ValueError
        If a key of ``keys`` has no reference in ``cff``.
    """
    if not isinstance(cff, Mapping) or not isinstance(keys, Mapping):
        raise ValueError("cff and keys must be mappings (parsed CITATION.cff, store.PAPERS)")
    by_key = {}
    for ref in cff.get("references", []):
        first = ref["authors"][0]
        name = first.get("family-names", first.get("name", "")).split()[-1].lower()
        by_key[f"{name}{ref.get('year', '')}"] = ref
    missing = sorted(set(keys) - set(by_key))
    if missing:
        raise ValueError(f"cff: no reference for paper key(s) {missing}")
    papers = []
    for key, doi_or_text in keys.items():
        ref = by_key[key]
        doi = ref.get("doi")
        papers.append(Paper(key, ref["title"], doi, "" if doi else str(doi_or_text)))
    return papers


def _paper_entity(crate: ROCrate, paper: Paper) -> ContextEntity:
    if paper.doi:
        props = {"@type": "ScholarlyArticle", "name": paper.title, "identifier": paper.doi}
        return crate.add(ContextEntity(crate, f"https://doi.org/{paper.doi}", properties=props))
    props = {
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "description": paper.description or "preprint without a DOI",
        "creativeWorkStatus": "preprint",
    }
    return crate.add(ContextEntity(crate, f"#paper-{paper.key}", properties=props))


def _add_root(
    crate: ROCrate, run: RunInfo, papers: Sequence[Paper], description: str, homepage: str
) -> list[ContextEntity]:
    crate.name = (
        f"spinbridge {run.spinbridge_version} run {run.git_commit[:12]}: figures, tables and "
        "claims scorecard of four papers on collective spin ensembles"
    )
    crate.description = description
    crate.datePublished = run.end.isoformat()
    org_props = {"@type": "Organization", "name": "The spinbridge developers"}
    org = crate.add(
        ContextEntity(crate, _ORG, {**org_props, **({"url": homepage} if homepage else {})})
    )
    lic = crate.add(
        ContextEntity(crate, _LICENSE, {"@type": "CreativeWork", "name": "BSD 3-Clause License"})
    )
    crate.root_dataset["license"] = lic
    crate.root_dataset["author"] = org
    crate.root_dataset["publisher"] = org
    crate.root_dataset["version"] = run.spinbridge_version
    crate.root_dataset["conformsTo"] = [
        crate.add(ContextEntity(crate, uri, {"@type": "CreativeWork", "name": n, "version": v}))
        for uri, n, v in PROFILES
    ]
    cited = [_paper_entity(crate, p) for p in papers]
    crate.root_dataset["citation"] = cited
    return cited


def _snapshot(crate: ROCrate, repo_dir: Path, rel: str, props: Mapping[str, Any]) -> Any:
    src = repo_dir / rel
    record = file_record(src, repo_dir)
    dest = f"{SNAPSHOT_DIR}/{rel}"
    return crate.add_file(
        src,
        dest,
        properties={
            "name": rel,
            "contentSize": record.size,
            "sha256": record.sha256,
            "encodingFormat": record.encoding_format,
            **props,
        },
    )


def _add_workflow(
    crate: ROCrate, repo_dir: Path, files: Sequence[str], run: RunInfo
) -> tuple[Any, dict[str, Any]]:
    """The main workflow (``Snakefile``) and the other snapshot files, by repository path."""
    if "Snakefile" not in files:
        raise ValueError("workflow_files must hold the Snakefile (the main workflow)")
    src = repo_dir / "Snakefile"
    record = file_record(src, repo_dir)
    workflow = crate.add_workflow(
        src,
        f"{SNAPSHOT_DIR}/Snakefile",
        main=True,
        lang="snakemake",
        lang_version=run.snakemake_version or None,
        properties={
            "name": "spinbridge pipeline",
            "description": "Snakemake workflow: validates the config, includes the rule files, "
            "and builds every figure, table and the claims scorecard (rule all).",
            "version": run.spinbridge_version,
            "contentSize": record.size,
            "sha256": record.sha256,
            "encodingFormat": "text/plain",
            "license": crate.dereference(_LICENSE),
            "conformsTo": {"@id": _BIOSCHEMAS_WORKFLOW},
        },
    )
    entities = {"Snakefile": workflow}
    for rel in sorted(set(files) - {"Snakefile"}):
        props: dict[str, Any] = {}
        if rel.endswith((".smk", ".py", ".ipynb")):
            props = {"@type": ["File", "SoftwareSourceCode"], "version": run.spinbridge_version}
        entities[rel] = _snapshot(crate, repo_dir, rel, props)
    rule_files = [entities[r] for r in sorted(entities) if r.startswith("workflow/rules/")]
    if rule_files:
        workflow["hasPart"] = _one(rule_files)
    return workflow, entities


def _output_description(job: JobRecord | None, rule_file: str | None) -> str:
    if job is None:
        return "not made by a rule of the workflow (a log, benchmark or report of the run)"
    where = f" ({SNAPSHOT_DIR}/{rule_file})" if rule_file else ""
    return f"made by rule {job.rule}{where}"


def _one(values: list[Any]) -> Any:
    """A single value for a one-element list (RO-Crate 1.1 JSON-LD recommendation)."""
    return values[0] if len(values) == 1 else values


def _add_jobs(
    crate: ROCrate,
    jobs: Mapping[str, JobRecord],
    rule_files: Mapping[str, str],
    entities: Mapping[str, Any],
    run: RunInfo,
) -> list[Any]:
    """One CreateAction per job (outputs sharing a rule and log files); instrument: its .smk."""
    groups: dict[tuple[str, tuple[str, ...]], list[JobRecord]] = {}
    for rec in jobs.values():
        if rec.output in entities:
            groups.setdefault((rec.rule, rec.logs or (rec.output,)), []).append(rec)
    actions = []
    for i, ((rule, logs), recs) in enumerate(sorted(groups.items())):
        instrument = entities.get(rule_files.get(rule, ""), entities["Snakefile"])
        inputs = sorted({x for r in recs for x in r.inputs if x in entities})
        outputs = sorted({r.output for r in recs} | {x for x in logs if x in entities})
        dates = [r.date for r in recs if r.date is not None]
        end = max(dates).replace(tzinfo=run.end.tzinfo) if dates else run.end
        props: dict[str, Any] = {
            "name": f"rule {rule}",
            "description": f"Snakemake job of rule {rule} ({rule_files.get(rule, 'Snakefile')}): "
            "its inputs as Snakemake recorded them (data and the code it read), its outputs "
            "and log",
            "endTime": end.isoformat(),
            "actionStatus": _COMPLETED,
        }
        action = crate.add_action(
            instrument,
            identifier=f"#job-{i:04d}-{rule}",
            object=_one([entities[x] for x in inputs]) if inputs else None,
            result=_one([entities[x] for x in outputs]),
            properties=props,
        )
        actions.append(action)
    return actions


def build_crate(
    results_dir: Path,
    repo_dir: Path,
    *,
    workflow_files: Sequence[str],
    config_files: Sequence[str],
    outputs: Sequence[FileRecord],
    jobs: Mapping[str, JobRecord],
    rule_files: Mapping[str, str],
    run: RunInfo,
    papers: Sequence[Paper],
    described: Mapping[str, Mapping[str, Any]] | None = None,
    description: str = "",
    homepage: str = "",
) -> ROCrate:
    """The Workflow Run RO-Crate of a run whose outputs are under ``results_dir``.

    Parameters
    ----------
    results_dir : Path
        Crate root: the run's ``results/`` folder.
    repo_dir : Path
        Repository the run used; ``workflow_files`` are read (and copied on write) from it.
    workflow_files : Sequence[str]
        Repository paths of the workflow definition and the code the jobs read; must hold
        ``Snakefile`` and every path of ``config_files``.
    config_files : Sequence[str]
        Repository paths of the config files of the run (the run's ``object``).
    outputs : Sequence[FileRecord]
        Files under ``results_dir`` (:func:`output_records`).
    jobs : Mapping[str, JobRecord]
        ``--detailed-summary`` records, keyed by ``results/``-prefixed output path
        (:func:`spinbridge.runlog.parse_detailed_summary`).
    rule_files : Mapping[str, str]
        Rule name -> repository path of its ``.smk`` file.
    run : RunInfo
        Times, versions, commit and config hash of the run.
    papers : Sequence[Paper]
        The reproduced papers (root ``citation``).
    described : Mapping[str, Mapping], optional
        Extra properties of some outputs by crate path (name, description of the scorecard, the
        report); ``about`` may list paper keys.
    description : str
        The root dataset's description (how to rerun the run); also written as the crate's
        ``README.md``.
    homepage : str
        URL of the repository (the developers' ``url``).

    Returns
    -------
    rocrate.rocrate.ROCrate
        Not yet written; ``crate.write(results_dir)`` writes it.

    Raises
    ------
    ValueError
        If an argument has the wrong type, times are naive or reversed, or a path is missing.
    """
    if not isinstance(results_dir, Path) or not results_dir.is_dir():
        raise ValueError(f"results_dir must be an existing directory, got {results_dir!r}")
    if not isinstance(repo_dir, Path) or not (repo_dir / "Snakefile").is_file():
        raise ValueError(f"repo_dir must be a directory with a Snakefile, got {repo_dir!r}")
    if not isinstance(run, RunInfo):
        raise ValueError(f"run must be a RunInfo, got {type(run)}")
    if run.start.tzinfo is None or run.end.tzinfo is None or run.end < run.start:
        raise ValueError(f"run: start {run.start} and end {run.end} must be aware, start <= end")
    missing = [c for c in config_files if c not in workflow_files]
    if missing:
        raise ValueError(f"config_files {missing} must also be in workflow_files")
    if not all(isinstance(o, FileRecord) for o in outputs):
        raise ValueError("outputs must be FileRecords (output_records)")
    described = dict(described or {})

    crate = ROCrate(version=RO_CRATE_VERSION)
    crate.metadata.extra_terms["sha256"] = "http://schema.org/sha256"
    cited = _add_root(crate, run, papers, description, homepage)
    readme = crate.add_file(
        io.StringIO(description),
        "README.md",
        properties={
            "name": "README.md",
            "description": "What this crate holds and how to rerun it",
            "encodingFormat": "text/markdown",
            "about": crate.root_dataset,
        },
    )
    readme["contentSize"] = len(description.encode())
    readme["sha256"] = hashlib.sha256(description.encode()).hexdigest()
    workflow, snapshot = _add_workflow(crate, repo_dir, workflow_files, run)
    entities: dict[str, Any] = dict(snapshot)
    paper_by_key = dict(zip((p.key for p in papers), cited))
    job_by_crate_path = {k.removeprefix("results/"): v for k, v in jobs.items()}
    for rec in outputs:
        job = job_by_crate_path.get(rec.path)
        extra = dict(described.get(rec.path, {}))
        about = [paper_by_key[k] for k in extra.pop("about", []) if k in paper_by_key]
        props = {
            "name": rec.path,
            "description": _output_description(job, rule_files.get(job.rule) if job else None),
            "contentSize": rec.size,
            "sha256": rec.sha256,
            "encodingFormat": rec.encoding_format,
            **extra,
        }
        entity = crate.add_file(results_dir / rec.path, rec.path, properties=props)
        if about:
            entity["about"] = _one(about)
        entities[f"results/{rec.path}"] = entity
    jobs_done = _add_jobs(crate, jobs, rule_files, entities, run)
    action = _add_run_action(crate, workflow, run, [snapshot[c] for c in config_files], entities)
    crate.root_dataset["mentions"] = [action, *jobs_done]
    if run.agent:
        person = crate.add(ContextEntity(crate, "#agent", {"@type": "Person", "name": run.agent}))
        for act in [action, *jobs_done]:
            act["agent"] = person
    return crate


def _add_run_action(
    crate: ROCrate, workflow: Any, run: RunInfo, configs: list[Any], entities: Mapping[str, Any]
) -> Any:
    ids = {
        "spinbridge_version": run.spinbridge_version,
        "git_commit": run.git_commit,
        "config_sha256": run.config_sha256,
        **({"snakemake_version": run.snakemake_version} if run.snakemake_version else {}),
        **dict(run.extra),
    }
    values = [
        crate.add(
            ContextEntity(
                crate, f"#run-{name}", {"@type": "PropertyValue", "name": name, "value": str(v)}
            )
        )
        for name, v in ids.items()
    ]
    results = [e for k, e in sorted(entities.items()) if k.startswith("results/")]
    props: dict[str, Any] = {
        "name": f"spinbridge run of {run.git_commit[:12]}",
        "description": "Snakemake run of the spinbridge workflow"
        + (f" ({run.command})" if run.command else "")
        + f" with config SHA-256 {run.config_sha256}",
        "startTime": run.start.isoformat(),
        "endTime": run.end.isoformat(),
        "actionStatus": _COMPLETED,
        "identifier": values,
    }
    return crate.add_action(
        workflow, identifier="#run", object=_one(configs), result=results, properties=props
    )
