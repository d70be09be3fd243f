"""Figure captions are Jinja templates rendered with the run's config, then reStructuredText."""

import types

import jinja2
import pytest
import yaml
from docutils.core import publish_parts

from tests.conftest import REPO

CAPTIONS = sorted((REPO / "workflow" / "report").glob("*.rst"))


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # docutils 0.22 writer_name
@pytest.mark.parametrize("config_name", ["config.yaml", "config/smoke.yaml"])
@pytest.mark.parametrize("path", CAPTIONS, ids=lambda p: p.name)
def test_caption_renders_with_the_config(path, config_name):
    config = yaml.safe_load((REPO / config_name).read_text())
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    text = env.from_string(path.read_text()).render(
        snakemake=types.SimpleNamespace(config=config), categories={}, files={}
    )
    html = publish_parts(text, writer_name="html", settings_overrides={"report_level": 2})["body"]
    assert "System Message" not in html, html


def test_config_values_in_captions_come_from_the_config():
    config = yaml.safe_load((REPO / "config" / "smoke.yaml").read_text())
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    text = env.from_string((REPO / "workflow/report/katz2022_fig2.rst").read_text()).render(
        snakemake=types.SimpleNamespace(config=config)
    )
    e = config["katz2022"]["stochastic"]["panels"]["e"]
    assert f"(e) pair, {e['phi_mean']}, {e['phi_std']}, {e['n_alkali']}, {e['n_noble']}" in text


@pytest.mark.parametrize("config_name", ["config.yaml", "config/smoke.yaml"])
@pytest.mark.parametrize("path", CAPTIONS, ids=lambda p: p.name)
def test_caption_renders_on_the_report_page(path, config_name):
    # the report page renders math as MathML, whose LaTeX parser is stricter than the html writer's
    from spinbridge.config import fill_defaults, load_yaml_strict
    from spinbridge.report_page import render_caption

    config = load_yaml_strict(REPO / config_name)
    fill_defaults(config, REPO / "workflow/schemas/config.schema.yaml")
    assert render_caption(path.read_text(), config).strip()
