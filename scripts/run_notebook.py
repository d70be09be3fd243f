"""Snakemake script: execute a parameterized notebook with papermill.

Contract (for every notebook rule): a named input ``notebook`` (the .ipynb under notebooks/), a
named input ``code`` (the library modules it imports, for rerun tracking only), any other named
inputs, and named outputs whose first entry ``notebook`` is the executed copy under
results/notebooks/. The notebook receives ``inputs`` and ``outputs`` (name -> absolute path, the
``notebook`` and ``code`` entries left out) and the entries of ``params.nb`` (a dict) as papermill
parameters.
"""

import os
import shutil
import tempfile
from pathlib import Path

from spinbridge.runtime import log_to


def notebook_parameters(snakemake) -> dict:
    """Build the papermill parameters of the contract above from a snakemake object."""
    skip = {"notebook", "code"}
    inputs = {k: str(Path(v).resolve()) for k, v in snakemake.input.items() if k not in skip}
    outputs = {k: str(Path(v).resolve()) for k, v in snakemake.output.items() if k != "notebook"}
    extra = dict(getattr(snakemake.params, "nb", {}) or {})
    return {"inputs": inputs, "outputs": outputs, **extra}


def main(snakemake) -> None:
    import papermill

    with log_to(snakemake.log[0]) as log:
        params = notebook_parameters(snakemake)
        target = Path(snakemake.output.notebook)
        target.parent.mkdir(parents=True, exist_ok=True)
        # one private folder next to the output holds the executed copy until it is complete and
        # the kernel's connection file (it holds the HMAC key); removed below, and swept at the
        # start of the next run if the job is killed
        runtime = tempfile.mkdtemp(
            prefix=f".{target.stem}.jupyter.", suffix=".tmp", dir=target.parent
        )
        tmp = Path(runtime) / target.name
        os.environ["JUPYTER_RUNTIME_DIR"] = runtime
        log.info("executing %s -> %s", snakemake.input.notebook, target)
        try:
            papermill.execute_notebook(
                snakemake.input.notebook,
                str(tmp),
                parameters=params,
                kernel_name="python3",
                cwd=str(Path.cwd()),
                progress_bar=False,
                request_save_on_cell_execute=False,
            )
            tmp.replace(target)
        finally:
            shutil.rmtree(runtime, ignore_errors=True)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
