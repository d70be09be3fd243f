"""What a cluster run needs from the rule files, read statically (no SLURM here; that is
tests/pipeline/test_slurm.py): every rule states its threads, memory and run time, and the SLURM
profile batches exactly the groups the rules declare."""

import re

import pytest
import yaml

from tests.conftest import REPO

RULE_FILES = sorted((REPO / "workflow" / "rules").glob("*.smk"))
PROFILE = yaml.safe_load((REPO / "workflow" / "profiles" / "slurm" / "config.yaml").read_text())
ACTIONS = ("script:", "shell:", "run:", "notebook:", "wrapper:")


def _rules():
    """(file name, rule name, text of its block) of every rule that runs something."""
    for smk in RULE_FILES:
        for block in re.split(r"\n(?=(?:rule|checkpoint) \w+:)", smk.read_text())[1:]:
            name = re.match(r"(?:rule|checkpoint) (\w+):", block).group(1)
            if any(re.search(rf"^    {a}", block, re.M) for a in ACTIONS):
                yield smk.name, name, block


def _groups() -> set[str]:
    return {
        g for _, _, block in _rules() for g in re.findall(r'^    group:\n\s+"(\w+)"', block, re.M)
    }


def test_rules_are_found():
    assert len(list(_rules())) >= 20


@pytest.mark.parametrize("smk,rule,block", list(_rules()), ids=lambda v: v if "\n" not in v else "")
def test_every_rule_declares_threads_memory_and_runtime(smk, rule, block):
    """The SLURM executor turns them into --cpus-per-task, --mem and --time."""
    assert re.search(r"^    threads: \S", block, re.M), f"{smk}: rule {rule} declares no threads"
    resources = re.search(r"^    resources:\n((?:(?:        |\s*\n).*\n?)*)", block, re.M)
    assert resources, f"{smk}: rule {rule} declares no resources"
    for key in ("mem_mb", "runtime"):
        assert re.search(rf"^\s+{key}=", resources.group(1), re.M), f"{smk}: {rule} lacks {key}"


def test_no_rule_asks_for_more_threads_than_a_slurm_job_gets():
    """The profile's `cores` caps every rule's threads on the cluster; raise it with the rule."""
    for smk, rule, block in _rules():
        m = re.search(r"^    threads: (\d+)\s*$", block, re.M)
        assert m is None or int(m.group(1)) <= PROFILE["cores"], (smk, rule)


def test_the_slurm_profile_batches_exactly_the_declared_groups():
    components = PROFILE["group-components"]
    assert set(components) == _groups(), (
        f"groups without a batch size in workflow/profiles/slurm: {_groups() - set(components)}; "
        f"sizes of groups no rule declares: {set(components) - _groups()}"
    )
    assert all(isinstance(n, int) and n >= 1 for n in components.values()), components


def test_the_slurm_profile_leaves_account_and_partition_to_the_user():
    """They are the cluster's; the README's command gives them (--default-resources)."""
    assert PROFILE["executor"] == "slurm"
    assert not {"slurm_account", "slurm_partition"} & set(PROFILE["default-resources"])
