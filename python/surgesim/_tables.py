"""Reading surgesim's output files into pandas (pure Python: the report needs no engine)."""

import io
import json

import pandas as pd


def read_csv_text(text):
    """A surgesim CSV as a DataFrame: exact floats (round-trip parsing), `date` as datetime64."""
    df = pd.read_csv(io.StringIO(text), float_precision="round_trip")
    if "date" in df.columns:
        df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    return df


def kpi_summary(summary_json_text):
    """summary.json's KPIs: mean, sd, ci95_low, ci95_high and n, one row per KPI."""
    kpis = json.loads(summary_json_text)["kpis"]
    df = pd.DataFrame.from_dict(kpis, orient="index")
    df.index.name = "kpi"
    return df.astype({c: "float64" for c in ("mean", "sd", "ci95_low", "ci95_high")
                      if c in df.columns})
