"""spinbridge: every figure, table and claim of four papers on collective spin ensembles.

    make reproduce        # == snakemake --profile workflow/profiles/default
    make test             # ruff, snakemake --lint, pytest (incl. the DAG on config/smoke.yaml)

The configuration is validated against workflow/schemas/config.schema.yaml before any job runs.
"""

import os
import sys

from snakemake.utils import min_version, validate

min_version("9.0")


report: "workflow/report/workflow.rst"


configfile: "config.yaml"


# Every job (local, conda or cluster) imports the library from this checkout.
SRC = os.path.join(workflow.basedir, "src")
sys.path.insert(0, SRC)

from spinbridge.runtime import export_pythonpath, sweep_debris

export_pythonpath(SRC)
from spinbridge.config import check_config, check_files, check_semantics, fill_defaults

check_files(workflow.configfiles)  # names file and line of YAML errors and duplicate keys
SCHEMA = os.path.join(workflow.basedir, "workflow/schemas/config.schema.yaml")
check_config(config, SCHEMA)
validate(config, "workflow/schemas/config.schema.yaml")
fill_defaults(config, SCHEMA)  # every default of the stage schemas, too
check_semantics(config)


include: "workflow/rules/common.smk"
include: "workflow/rules/cells.smk"
include: "workflow/rules/stochastic.smk"
include: "workflow/rules/counting.smk"
include: "workflow/rules/twomode.smk"
include: "workflow/rules/multimode.smk"
include: "workflow/rules/response.smk"
include: "workflow/rules/fits.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/claims.smk"
include: "workflow/rules/pairs.smk"


rule all:
    """Every registered stage's targets: figures, tables, notebooks and the claims scorecard."""
    default_target: True
    input:
        all_targets(),


onstart:
    sweep_debris("results")  # temporary files of jobs killed in an earlier run


onsuccess:
    print_claims_summary()
