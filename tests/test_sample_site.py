"""The repository's own sample site (content/, site_config.yaml, themes/) builds cleanly into a
copy in tmp_path and has every kind of page. Slow: run with ``-m slow`` or the whole suite."""

import shutil

import pytest
from conftest import REPO

from bantin.config import load_config
from bantin.loader import load_content
from bantin.pipeline import build
from bantin.urls import output_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample") / "site"
    root.mkdir()
    for name in ("content", "themes"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "site_config.yaml", root / "site_config.yaml")
    result = build(root)
    return root, result


def test_the_sample_site_builds_without_errors_or_warnings(sample):
    _, result = sample
    assert [w.format() for w in result.warnings] == []
    assert result.pages > 0


def test_every_page_kind_is_written(sample):
    root, result = sample
    site, u, out = result.site, result.site.urls, root / "output"
    per = site.config.per_page
    expected = [u.home(), u.bulletins(), u.tags(), u.events(), u.blocs(), u.campaigns()]
    expected += [u.profiles(), u.not_found()]
    if len(site.bulletins) > per:
        expected.append(u.bulletins(2))
    expected += [u.year(year) for year in site.bulletins_by_year]
    expected += [u.bulletin(b.year, b.slug) for b in site.bulletins]
    expected += [u.tag(t.slug) for t in site.tags]
    expected += [u.event(e) for e in site.bulletins_by_event]
    for bloc in site.blocs:
        expected.append(u.bloc(bloc.slug))
        expected += [u.unit(bloc.slug, m.slug) for m in bloc.members]
    expected += [u.campaign(c.slug) for c in site.campaigns]
    expected += [u.profile(p.slug) for p in site.profiles]
    expected += [u.page(p.slug) for p in site.pages]
    missing = [url for url in expected if not (out / output_path(url)).is_file()]
    assert missing == []
    # the sample is meant to show every kind: none of these lists may be empty
    kinds = [site.bulletins, site.tags, site.blocs, site.campaigns, site.profiles, site.pages]
    assert all(kinds)
    assert len(site.bulletins_by_year) >= 2


def test_profiles_without_consent_appear_nowhere_in_the_output(sample):
    root, _ = sample
    hidden = [p for p in load_content(load_config(root)).profiles if not p.consent]
    assert hidden, "the sample site should show a profile with consent: false"
    out = root / "output"
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for p in hidden:
                assert p.name.encode() not in data, (p.name, path)
                assert f"/{p.slug}/".encode() not in data, (p.slug, path)
