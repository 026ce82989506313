"""Studies from files and dicts: the same validation and JSON-path errors as the CLI, raised as
detgrad.StudyError with the path as an attribute."""
import json

import pytest

import detgrad
from conftest import TASKS, config, small_study


def test_a_study_file_is_read_and_validated(task):
    path = {"tomography": "tomography/hello_world.json", "swgo": "swgo/default.json",
            "muone": "muone/default.json", "calorimeter": "calorimeter/default.json"}[task]
    study = detgrad.Study(config(path))
    assert study.task == task
    result = detgrad.validate(study)
    assert result["task"] == task
    assert result["description"] == study.describe() and result["description"]
    # The resolved study reads back as the same study.
    again = detgrad.Study(result["resolved"])
    assert again.resolved() == result["resolved"]


def test_a_dict_study_of_every_task(task):
    study = detgrad.Study(small_study(task))
    assert study.task == task
    assert study.source == "<dict>"
    assert study.event_noun in ("muons", "showers", "events")


def test_a_bad_value_names_its_json_path():
    study = small_study("tomography")
    study["tomography"]["panels"][2]["z_m"] = "high"
    with pytest.raises(detgrad.StudyError) as error:
        detgrad.Study(study)
    assert error.value.path == "tomography.panels[2].z_m"
    assert "tomography.panels[2].z_m" in str(error.value)
    assert isinstance(error.value, ValueError)


def test_a_key_of_another_task_says_whose_it_is():
    study = small_study("tomography")
    study["swgo"] = {}
    with pytest.raises(detgrad.StudyError) as error:
        detgrad.Study(study)
    assert error.value.path == "swgo"
    assert "swgo" in str(error.value)


def test_file_errors_name_the_file(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(detgrad.StudyError) as error:
        detgrad.Study(missing)
    assert str(missing) in str(error.value)
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x", "seed": }')
    with pytest.raises(detgrad.StudyError) as error:
        detgrad.Study(broken)
    assert str(broken) in str(error.value)


def test_values_without_a_json_form_are_refused():
    study = small_study("muone")
    study["seed"] = {1, 2}
    with pytest.raises(detgrad.StudyError) as error:
        detgrad.Study(study)
    assert error.value.path == "seed"
    study = small_study("muone")
    study["muone"][3] = "x"
    with pytest.raises(detgrad.StudyError) as error:
        detgrad.Study(study)
    assert "keys must be strings" in str(error.value)


def test_overrides_are_validated_like_the_file_values():
    study = detgrad.Study(small_study("tomography"))
    with pytest.raises(ValueError, match="nonsense"):
        detgrad.evaluate(study, events=100, backend="nonsense")
    with pytest.raises(ValueError):
        detgrad.evaluate(study, events=0)
    # An override does not change the study object.
    detgrad.evaluate(study, events=500, seed=7)
    assert study.seed == detgrad.Study(small_study("tomography")).seed


def test_a_study_is_the_same_from_a_file_and_from_its_dict(tmp_path):
    study = small_study("swgo")
    path = tmp_path / "study.json"
    path.write_text(json.dumps(study))
    assert detgrad.Study(path).resolved() == detgrad.Study(study).resolved()
