"""The bulk JSON path gives the same projects as the located path, and located errors when invalid."""

from jixiao.io.fastload import project_from_data, project_from_json
from jixiao.io.loading import load_path
from jixiao.io.serialize import dump_json, project_to_dict
from testdata import PINGSHAN, SELFEVAL


def test_same_project_as_the_located_loader() -> None:
    for path in (PINGSHAN, SELFEVAL):
        original = load_path(path).projects[0]
        text = dump_json(project_to_dict(original))
        fast = project_from_json(text)
        assert not fast.findings
        assert fast.projects[0] == original.evolve(sources={})


def test_invalid_document_falls_back_to_located_errors() -> None:
    text = dump_json(project_to_dict(load_path(PINGSHAN).projects[0])).replace('"1423.71"', '"一千"')
    result = project_from_json(text, "stored.json")
    assert result.failed
    finding = result.findings[0]
    assert "funding.initial" in finding.message and finding.source is not None
    assert finding.source.line == text[: text.index('"一千"')].count("\n") + 1


def test_not_json_and_not_an_object() -> None:
    assert project_from_json("{oops", "x").failed
    assert project_from_json("[1, 2]", "x").failed
    assert project_from_data({"project": {"name": 5}}).failed
