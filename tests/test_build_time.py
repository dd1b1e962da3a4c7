"""SOURCE_DATE_EPOCH, the "now" of a reproducible build: a whole number of seconds is taken; a
value that is not one (letters, a fraction, a sign, a number beyond the year 9998) stops both
``build`` and ``check`` with a message naming the variable, in the site's language, and never
changes ``output/``. An empty value is the same as none."""

from __future__ import annotations

import pytest
from conftest import copy_site

from bantin.site import LATEST_EPOCH

SENTINEL = b"published before"

MALFORMED = ["abc", "1.5", "-5", " 1700000000", "1e9", "١٧٠٠", str(LATEST_EPOCH + 1), "9" * 400]


@pytest.fixture
def site(tmp_path):
    root = copy_site("basic", tmp_path)
    (root / "output").mkdir()
    (root / "output" / ".bantin-output").write_bytes(b"")
    (root / "output" / "index.html").write_bytes(SENTINEL)
    return root


@pytest.mark.parametrize("value", MALFORMED)
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_malformed_value_is_an_error_naming_the_variable(
    site, run_cli, monkeypatch, value, command
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    run = run_cli("--root", str(site), command)
    assert run.code == 1
    assert "internal error" not in run.err and "Traceback" not in run.err
    first = run.err.splitlines()[0]
    assert first.startswith("SOURCE_DATE_EPOCH: error: SOURCE_DATE_EPOCH must be a whole number")
    assert f"from 0 to {LATEST_EPOCH}" in first
    assert "git log -1 --format=%ct" in first
    assert (site / "output" / "index.html").read_bytes() == SENTINEL


def test_the_message_is_in_the_sites_language(site, run_cli, monkeypatch):
    monkeypatch.delenv("BANTIN_LANG", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    run = run_cli("--root", str(site), "check")
    assert run.code == 1
    assert "SOURCE_DATE_EPOCH phải là số giây (số nguyên)" in run.err


@pytest.mark.parametrize("value", ["0", "1717200000", str(LATEST_EPOCH), ""])
def test_whole_seconds_from_0_to_the_latest_build(site, run_cli, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    # --future: at 0 (1970) every bulletin is still to come
    run = run_cli("--root", str(site), "build", "--quiet", "--future")
    assert run.code == 0, run.err
    assert (site / "xem-truoc" / "index.html").is_file()
    assert (site / "output" / "index.html").read_bytes() == SENTINEL  # the review copy: apart
