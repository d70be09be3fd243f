"""Fuzzing the validation: every invalid config is rejected before any job, naming the key.

Hypothesis draws a path in the default config and a way to break it that the schema or the
cross-key checks must catch: a non-finite number, a value of the wrong type, a value beyond a bound
of the schema, an unknown key, a missing required key. Each draw must raise ``ConfigError`` whose
message names the dotted key - never another exception, never a pass.
"""

from __future__ import annotations

import copy
import math

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinbridge.config import (
    ConfigError,
    check_config,
    check_semantics,
    load_schema,
    load_yaml_strict,
)
from tests.conftest import REPO

SCHEMA_PATH = REPO / "workflow" / "schemas" / "config.schema.yaml"
SCHEMA = load_schema(SCHEMA_PATH)
DEFAULT = yaml.safe_load((REPO / "config.yaml").read_text())
N_CONFIGS = 250  # draws per run (each a distinct invalid config)


def _sub_schema(schema: dict, key) -> dict | None:
    props = schema.get("properties", {})
    if key in props:
        return props[key]
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


def _sites(node, schema, path=()):
    """(path, value, schema) of every node of the config, with the schema that governs it."""
    yield path, node, schema
    if isinstance(node, dict):
        for k, v in node.items():
            sub = _sub_schema(schema, k)
            if sub is not None:
                yield from _sites(v, sub, (*path, k))


SITES = list(_sites(DEFAULT, SCHEMA))


def _mutations(path, value, schema):
    """Ways to make this site invalid: (description, function config -> None)."""
    out = []
    types = schema.get("type")
    types = [types] if isinstance(types, str) else list(types or [])

    def setter(new):
        def apply(cfg):
            node = cfg
            for k in path[:-1]:
                node = node[k]
            node[path[-1]] = new

        return apply

    if path and isinstance(value, int | float) and not isinstance(value, bool):
        for bad in (math.nan, math.inf, -math.inf):
            out.append((f"{bad}", setter(bad)))
        out.append(("a string", setter("not a number")))
        if "maximum" in schema:
            out.append(("above maximum", setter(schema["maximum"] * 10 + 1)))
        if "exclusiveMaximum" in schema:
            out.append(("at exclusiveMaximum", setter(schema["exclusiveMaximum"])))
        if "minimum" in schema:
            out.append(("below minimum", setter(schema["minimum"] - 1)))
        if "exclusiveMinimum" in schema:
            out.append(("at exclusiveMinimum", setter(schema["exclusiveMinimum"])))
        if "integer" in types:
            out.append(("a fraction", setter(1.5)))
    if path and isinstance(value, str):
        out.append(("a number for a string", setter(12345)))
        out.append(("a mapping for a string", setter({"a": 1})))
    if path and isinstance(value, list):
        out.append(("a string for a list", setter("1, 2")))
    if isinstance(value, dict):
        if schema.get("additionalProperties") is False:

            def add_unknown(cfg, path=path):
                node = cfg
                for k in path:
                    node = node[k]
                node["zz_unknown_key"] = 1

            out.append(("an unknown key", add_unknown))
        for req in schema.get("required", []):
            if req in value:

                def drop(cfg, path=path, req=req):
                    node = cfg
                    for k in path:
                        node = node[k]
                    del node[req]

                out.append((f"without {req}", drop))
        if path:
            out.append(("a list for a mapping", setter([1, 2])))
    return out


CASES = [
    (".".join(map(str, path)), desc, fn)
    for path, value, schema in SITES
    for desc, fn in _mutations(path, value, schema)
]


def _validate(cfg):
    check_config(cfg, SCHEMA_PATH)
    check_semantics(cfg)


def test_there_are_enough_distinct_invalid_configs():
    assert len(CASES) >= N_CONFIGS


@settings(
    max_examples=N_CONFIGS,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(case=st.sampled_from(CASES))
def test_every_invalid_config_is_rejected_naming_the_key(case):
    key, desc, mutate = case
    cfg = copy.deepcopy(DEFAULT)
    mutate(cfg)
    with pytest.raises(ConfigError) as err:
        _validate(cfg)
    message = str(err.value)
    # the offending key, or (for an unknown/missing key) the key that holds it, is named
    parent = key.rsplit(".", 1)[0] if "." in key else key
    assert key in message or (parent and parent in message), f"{key} ({desc}): {message}"


def _with_duplicate(config: dict, path: tuple) -> str:
    """YAML text of ``config`` whose mapping at ``path`` gives its last key a second time."""
    node = yaml.SafeDumper(None).represent_data(config)
    for key in path:
        node = next(v for k, v in node.value if k.value == str(key))
    node.value.append(node.value[-1])
    return yaml.serialize(node, Dumper=yaml.SafeDumper)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(path=st.sampled_from([p for p, v, _ in SITES if isinstance(v, dict) and v]))
def test_a_key_given_twice_is_named_with_its_lines(tmp_path_factory, path):
    f = tmp_path_factory.mktemp("dup") / "dup.yaml"
    f.write_text(_with_duplicate(DEFAULT, path))
    with pytest.raises(ConfigError, match=r"dup.yaml:\d+:\d+: key .* is given twice"):
        load_yaml_strict(f)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a list\n", "42\n", "a: [1, 2\n"])
def test_empty_non_mapping_and_broken_files_are_named(tmp_path, text):
    f = tmp_path / "c.yaml"
    f.write_text(text)
    with pytest.raises(ConfigError, match=r"c.yaml"):
        load_yaml_strict(f)
