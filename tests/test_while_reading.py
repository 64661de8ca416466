"""Work done while a child reads: the first step always, spare steps only while it reads."""

from __future__ import annotations

import os

import pytest

from cco.io import isolation


def steps(done: list[str]) -> list:
    return [lambda name=name: done.append(name) for name in ("first", "second", "third")]


def test_spare_steps_are_done_only_until_the_child_answers():
    done: list[str] = []
    answers = iter([False, True])  # asked before each spare step: the child answers after one
    with isolation.while_reading(*steps(done)):
        isolation._work_while_reading(lambda: next(answers))
        isolation._work_while_reading(lambda: False)  # done at most once
    assert done == ["first", "second"]


def test_the_first_step_is_done_even_when_the_child_has_answered_and_spare_ones_are_not():
    done: list[str] = []
    with isolation.while_reading(*steps(done)):
        isolation._work_while_reading(lambda: True)
    assert done == ["first"]


def test_a_failing_step_or_answer_check_ends_nothing_else():
    done: list[str] = []

    def broken() -> None:
        raise RuntimeError("met again where it is needed")

    def cannot_tell() -> bool:
        raise OSError("closed")

    with isolation.while_reading(broken, lambda: done.append("spare")):
        isolation._work_while_reading(lambda: False)
    assert done == ["spare"]
    with isolation.while_reading(lambda: done.append("first"), lambda: done.append("never")):
        isolation._work_while_reading(cannot_tell)
    assert done == ["spare", "first"]


def test_a_pipe_is_readable_once_written_or_closed():
    read_end, write_end = os.pipe()
    try:
        assert not isolation._readable(read_end)
        os.write(write_end, b"x")
        assert isolation._readable(read_end)
    finally:
        os.close(read_end)
        os.close(write_end)
    assert isolation._readable(read_end)  # closed: nothing to wait for


def test_scoring_a_file_imports_the_agreement_libraries_only_while_the_child_reads(monkeypatch):
    from pathlib import Path

    from cco.pipeline import score_file as module

    calls: list[str] = []
    monkeypatch.setattr(module, "_import_pandas", lambda: calls.append("pandas"))
    monkeypatch.setattr(module, "_import_agreement_libraries", lambda: calls.append("agreement"))
    captured: list[tuple] = []

    def read_file(path, settings):
        captured.append(isolation._PENDING_WORK.get())
        raise SystemExit  # only the pending work is of interest here

    monkeypatch.setattr(module, "read_file", read_file)
    for agreement, expected in ((True, 2), (False, 1)):
        settings = module.FileSettings(agreement=agreement)
        with pytest.raises(SystemExit):
            module.score_file(Path("x.xlsx"), settings)
        assert len(captured[-1]) == expected
