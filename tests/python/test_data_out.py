"""Per-event data out of Python: HDF5 (pandas tables through Debian's python3-tables) beside
the CSV files, read back with pandas."""
import numpy as np
import pandas
import pytest

import detgrad
from conftest import small_study


@pytest.mark.parametrize("task, csv_name", [("tomography", "muons.csv"), ("muone", "events.csv")])
def test_simulate_writes_the_per_event_table_as_hdf5_readable_by_pandas(task, csv_name, tmp_path):
    study = detgrad.Study(small_study(task))
    detgrad.simulate(study, tmp_path / "run", events=300, save_events=120, backend="cpu", hdf5_events=300)
    frame = pandas.read_hdf(tmp_path / "run" / "events.h5", "events")
    written = pandas.read_csv(tmp_path / "run" / csv_name)
    assert list(frame.columns) == list(written.columns)
    assert len(frame) == 300 and len(written) == 120
    assert all(frame[c].dtype == np.float64 for c in frame.columns)
    # The CSV's first rows are the HDF5 table's, to the CSV's printed digits (9 significant).
    head = frame.iloc[:120]
    for c in frame.columns:
        assert np.allclose(head[c].to_numpy(), written[c].to_numpy(), rtol=2e-7, atol=0, equal_nan=True), c
    # The HDF5 table holds the engine's doubles exactly.
    table = detgrad.event_table(study, 300, backend="cpu")
    assert all(np.array_equal(frame[c].to_numpy(), table[c], equal_nan=True) for c in table)


def test_write_event_table_chooses_the_format_by_the_suffix(tmp_path):
    study = detgrad.Study(small_study("muone"))
    detgrad.write_event_table(study, tmp_path / "t.hdf5", 40)
    detgrad.write_event_table(study, tmp_path / "t.csv", 40)
    from_hdf5 = pandas.read_hdf(tmp_path / "t.hdf5", "events")
    from_csv = pandas.read_csv(tmp_path / "t.csv", float_precision="round_trip")
    assert list(from_hdf5.columns) == list(from_csv.columns) and len(from_csv) == 40
    # Both hold the doubles exactly (the CSV with 17 significant digits).
    assert np.array_equal(from_hdf5.to_numpy(), from_csv.to_numpy(dtype=np.float64), equal_nan=True)
    with pytest.raises(ValueError, match="suffix"):
        detgrad.write_event_table(study, tmp_path / "t.parquet", 40)
