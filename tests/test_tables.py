"""spinbridge.tables: CSV + LaTeX output."""

import pandas as pd

from spinbridge import tables


def test_csv_and_latex(tmp_path):
    df = pd.DataFrame({"quantity": ["n_A", "J"], "units": ["cm-3", "s-1"], "K-3He": [3e14, 1020.8]})
    csv, tex = tables.write_table(df, tmp_path / "t.csv", tmp_path / "t.tex", caption="a & b")
    assert pd.read_csv(csv)["K-3He"].tolist() == [3e14, 1020.8]
    text = tex.read_text()
    assert r"$3.000 \times 10^{14}$" in text and "1021" in text and r"a \& b" in text
    assert r"n\_A" in text and text.count(r"\\") == 3
