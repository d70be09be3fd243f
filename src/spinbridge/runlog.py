"""What a finished Snakemake run recorded: jobs, their inputs and logs, start and end, the figures.

Read-only parsers of text that Snakemake and the rule files hold, used to describe a run
(:mod:`spinbridge.crate`) and to show its figures (:mod:`spinbridge.report_page`):

* :func:`parse_detailed_summary`: ``snakemake --detailed-summary`` (one row per output file: the
  rule that made it, its log files, the input files recorded in ``.snakemake/metadata``).
  This is the source of "which rule made which file from which inputs": it is Snakemake's own
  record of the run, so it also covers outputs whose names a rule computes from the config.
* :func:`parse_snakemake_log`: a ``.snakemake/log/*.snakemake.log`` file of a completed run
  (start and end time, command, ``--configfile`` overrides, Snakemake version).
* :func:`rules_by_file` and :func:`report_figures`: which rule file defines a rule, and the
  figures declared with ``report(..., caption=...)`` in a rule file.
"""

from __future__ import annotations

import datetime as _dt
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "SUMMARY_COLUMNS",
    "FigureEntry",
    "JobRecord",
    "RunLog",
    "parse_detailed_summary",
    "parse_snakemake_log",
    "report_figures",
    "rules_by_file",
]

SUMMARY_COLUMNS = ("output_file", "date", "rule", "log-file(s)", "input-file(s)")
"""The leading columns of ``snakemake --detailed-summary`` that are read (then shellcmd, status,
plan)."""


@dataclass(frozen=True)
class JobRecord:
    """One output file of ``--detailed-summary``: the rule that made it, its logs and inputs."""

    output: str
    rule: str
    logs: tuple[str, ...]
    inputs: tuple[str, ...]
    status: str
    date: _dt.datetime | None = None


@dataclass(frozen=True)
class RunLog:
    """A completed Snakemake invocation, from its log file."""

    start: _dt.datetime
    end: _dt.datetime
    command: str
    config_files: tuple[str, ...]
    snakemake_version: str


@dataclass(frozen=True)
class FigureEntry:
    """A figure declared with ``report(path, caption=..., category=...)`` in a rule file."""

    path: str
    caption: str
    category: str
    rule: str


def _split_list(field: str) -> tuple[str, ...]:
    return tuple(x for x in field.split(",") if x and x != "-")


def _parse_ctime(text: str) -> _dt.datetime | None:
    try:
        return _dt.datetime.strptime(re.sub(r" +", " ", text.strip()), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None


def parse_detailed_summary(text: str) -> dict[str, JobRecord]:
    """Output file -> :class:`JobRecord`, for every existing file of ``--detailed-summary``.

    Parameters
    ----------
    text : str
        Standard output of ``snakemake --detailed-summary`` (tab-separated, one header line;
        Snakemake's other messages go to standard error).

    Returns
    -------
    dict of str to JobRecord
        Keyed by the output path relative to the working directory. Rows whose file is missing
        (``date`` is ``-``) are left out: they describe no file of the run. ``date`` is the
        file's modification time as Snakemake prints it (local time, naive).

    Raises
    ------
    ValueError
        If ``text`` is not a str or its header lacks a column of :data:`SUMMARY_COLUMNS`.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be the str output of --detailed-summary, got {type(text)}")
    lines = [ln for ln in text.splitlines() if "\t" in ln]
    if not lines:
        raise ValueError("text holds no tab-separated --detailed-summary table")
    header = lines[0].split("\t")
    missing = [c for c in SUMMARY_COLUMNS if c not in header]
    if missing:
        raise ValueError(f"text: --detailed-summary header lacks {missing}; got {header}")
    col = {name: header.index(name) for name in header}
    records: dict[str, JobRecord] = {}
    for line in lines[1:]:
        row = line.split("\t")
        if len(row) < len(header) or row[col["date"]] == "-":
            continue
        records[row[col["output_file"]]] = JobRecord(
            output=row[col["output_file"]],
            rule=row[col["rule"]],
            logs=_split_list(row[col["log-file(s)"]]),
            inputs=_split_list(row[col["input-file(s)"]]),
            status=row[col["status"]] if "status" in col else "",
            date=_parse_ctime(row[col["date"]]),
        )
    return records


_LOG_STAMP = re.compile(r"^\[(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4})\]$", re.M)
_LOG_FIELD = re.compile(r"^\s+(Date|Command|Config file\(s\)|Snakemake version): (.*)$", re.M)


def parse_snakemake_log(text: str) -> RunLog | None:
    """Start, end, command and config files of a Snakemake log; ``None`` unless it completed.

    Parameters
    ----------
    text : str
        Content of ``.snakemake/log/<time>.snakemake.log``.

    Returns
    -------
    RunLog or None
        ``start`` is the log's ``Date:`` line (local time, naive), ``end`` its last job time
        stamp, ``config_files`` the ``--configfile`` values of its command (they override the
        Snakefile's ``configfile:``, in this order). ``None`` for a run that did not reach
        ``(100%) done`` (failed, interrupted, or with nothing to do): it describes no complete
        run.

    Raises
    ------
    ValueError
        If ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a Snakemake log as str, got {type(text)}")
    if not re.search(r"steps \(100%\) done", text):
        return None
    fields = dict(_LOG_FIELD.findall(text))
    stamps = _LOG_STAMP.findall(text)
    if "Date" not in fields or not stamps:
        return None
    start = _dt.datetime.strptime(fields["Date"].strip(), "%Y-%m-%d %H:%M:%S")
    end = _dt.datetime.strptime(re.sub(r" +", " ", stamps[-1]), "%a %b %d %H:%M:%S %Y")
    return RunLog(
        start=start,
        end=max(start, end),
        command=fields.get("Command", "").strip(),
        config_files=_configfile_args(fields.get("Command", "")),
        snakemake_version=fields.get("Snakemake version", "").strip(),
    )


def _configfile_args(command: str) -> tuple[str, ...]:
    """The values of ``--configfile``/``--configfiles`` in a Snakemake command line."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    files: list[str] = []
    taking = False
    for word in words:
        if word in ("--configfile", "--configfiles"):
            taking = True
        elif word.startswith("-"):
            taking = False
        elif taking:
            files.append(word)
    return tuple(files)


_RULE = re.compile(r"^(?:rule|checkpoint)\s+(\w+)\s*:", re.M)


def rules_by_file(sources: Mapping[str, str]) -> dict[str, str]:
    """Rule name -> the rule file that defines it.

    Parameters
    ----------
    sources : Mapping[str, str]
        Rule file path (as it should be reported) -> its text.

    Raises
    ------
    ValueError
        If ``sources`` is not a mapping of str to str, or a rule is defined twice.
    """
    if not isinstance(sources, Mapping):
        raise ValueError(f"sources must map a rule file to its text, got {type(sources)}")
    owner: dict[str, str] = {}
    for path, text in sources.items():
        if not isinstance(path, str) or not isinstance(text, str):
            raise ValueError(f"sources: {path!r} must map a str path to str text")
        for name in _RULE.findall(text):
            if name in owner:
                raise ValueError(f"sources: rule {name} is defined in {owner[name]} and {path}")
            owner[name] = path
    return owner


_REPORT = re.compile(
    r'report\(\s*"(?P<path>[^"]+)",\s*caption="(?P<caption>[^"]+)",\s*category="(?P<cat>[^"]+)"',
    re.S,
)


def report_figures(rule_file_text: str) -> list[FigureEntry]:
    """The figures a rule file declares with ``report(path, caption=..., category=...)``.

    Parameters
    ----------
    rule_file_text : str
        Text of a ``workflow/rules/*.smk`` file.

    Returns
    -------
    list of FigureEntry
        In the order of the file; ``caption`` is the caption path as written (relative to the
        rule file, e.g. ``../report/katz2022_fig2.rst``) and ``rule`` the enclosing rule.

    Raises
    ------
    ValueError
        If ``rule_file_text`` is not a str.
    """
    if not isinstance(rule_file_text, str):
        raise ValueError(f"rule_file_text must be str, got {type(rule_file_text)}")
    starts = [(m.start(), m.group(1)) for m in _RULE.finditer(rule_file_text)]
    entries = []
    for m in _REPORT.finditer(rule_file_text):
        enclosing = [name for pos, name in starts if pos < m.start()]
        entries.append(
            FigureEntry(
                path=m.group("path"),
                caption=m.group("caption"),
                category=m.group("cat"),
                rule=enclosing[-1] if enclosing else "",
            )
        )
    return entries
