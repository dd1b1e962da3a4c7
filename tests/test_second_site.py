"""A second site, as an office makes it: bantin installed from a wheel into a fresh virtual
environment (no network: the dependencies come from the running environment through a ``.pth``
file), ``bantin init`` with flags into a new folder, ``bantin build`` run from that folder. The
pages carry the office's names, governing body, colour and logo, and nothing of the Lào Cai
sample; the site holds no ``themes/``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import REPO, needs_theme
from PIL import Image

pytestmark = [pytest.mark.slow, needs_theme]

ORG = "Ban Thi đua - Khen thưởng tỉnh Quảng Trị"
GOVERNING = "Sở Nội vụ tỉnh Quảng Trị"
BLOC = "Cụm thi đua số 6 các hội đặc thù tỉnh"
MEMBERS = [
    "Hội Đông y tỉnh Quảng Trị=Hội Đông y",
    "Hội Người mù tỉnh Quảng Trị=Hội Người mù",
    "Hội Bảo trợ người khuyết tật và trẻ mồ côi tỉnh=Hội Bảo trợ NKT",
]
COLOR = "#1d4f91"


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _fresh_env() -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH, no test settings."""
    drop = ("PYTHONPATH", "BANTIN_LANG", "VIRTUAL_ENV", "PYTHONHOME")
    return {k: v for k, v in os.environ.items() if k not in drop}


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A new virtual environment with bantin installed from a wheel of this repository."""
    try:
        import venv as _venv  # noqa: F401
    except ImportError:
        pytest.skip("the venv module is not available")
    for module in ("pip", "hatchling"):
        try:
            __import__(module)
        except ImportError:
            print(f"skipped: {module} is not installed in the running environment")
            pytest.skip(f"{module} is not installed in the running environment")
    tmp = tmp_path_factory.mktemp("second-site")
    env = _fresh_env()
    wheels = tmp / "wheels"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    made = _run([*pip_wheel, ".", "-w", str(wheels), "-q"], REPO, env)
    assert made.returncode == 0, made.stderr
    (wheel,) = wheels.glob("bantin-*.whl")
    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)], tmp, env)
    if made.returncode != 0:
        print("skipped: python -m venv failed:", made.stderr)
        pytest.skip("python -m venv failed: " + made.stderr.strip()[-200:])
    python = venv / "bin" / "python"
    site_packages = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            tmp,
            env,
        ).stdout.strip()
    )
    # the dependencies from the running environment, without its own .pth files (and so
    # without the repository's editable bantin)
    ours = sysconfig.get_paths()["purelib"]
    (site_packages / "running-environment.pth").write_text(ours + "\n", encoding="utf-8")
    made = _run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        tmp,
        env,
    )
    assert made.returncode == 0, made.stderr
    where = _run([str(python), "-c", "import bantin; print(bantin.__file__)"], tmp, env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).parent == site_packages / "bantin", where.stdout
    return venv


def test_an_office_makes_and_builds_its_own_site(venv, tmp_path):
    env = _fresh_env()
    bantin = str(venv / "bin" / "bantin")
    logo = tmp_path / "bieu-trung.png"  # a PNG (the office site of the validity tests has an SVG)
    Image.new("RGB", (64, 64), (29, 79, 145)).save(logo, "PNG")
    site = tmp_path / "site"
    argv = [bantin, "init", str(site), "--yes", "--org", ORG, "--province", "Quảng Trị"]
    argv += ["--bloc-name", BLOC, "--base-url", "https://thiduatinh.example.vn/"]
    argv += ["--primary-color", COLOR, "--governing-body", GOVERNING, "--logo", str(logo)]
    argv += ["--email", "bbt@thiduatinh.example.vn"]
    for member in MEMBERS:
        argv += ["--member", member]
    made = _run(argv, tmp_path, env)
    assert made.returncode == 0, made.stderr
    assert "đã tạo trang tin" in made.stdout, "Vietnamese outside any site folder"

    built = _run([bantin, "build"], site, env)
    assert built.returncode == 0, built.stderr + built.stdout
    checked = _run([bantin, "check", "--strict"], site, env)
    assert checked.returncode == 0, checked.stderr + checked.stdout
    assert not (site / "themes").exists(), "the theme comes with bantin"

    output = site / "output"
    pages = {p: p.read_text(encoding="utf-8") for p in output.rglob("*.html")}
    everything = "\n".join(pages.values())
    home = (output / "index.html").read_text(encoding="utf-8")
    about = (output / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    for name in (ORG, "Hội Đông y tỉnh Quảng Trị", "Hội Bảo trợ NKT"):
        assert name in about, name
    assert GOVERNING in home
    assert COLOR in everything or COLOR in "\n".join(
        p.read_text(encoding="utf-8") for p in output.rglob("*.css")
    )
    assert (site / "templates" / "static" / "logo.png").is_file()
    assert "logo" in home and any(output.rglob("logo*.png")), "the office's logo is published"

    # nothing of the sample site
    sample_slugs = ["khoi-mttq-ctxh", "cum-hoi-dac-thu", "khoi-van-hoa-xa-hoi", "lao-cai"]
    sample_slugs += [p.stem for p in (REPO / "content" / "profiles").glob("*.md")]
    texts = everything + "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in output.rglob("*")
        if p.is_file() and p.suffix in (".xml", ".json", ".txt", ".webmanifest")
    )
    assert "Lào Cai" not in texts
    for slug in sample_slugs:
        assert slug not in texts, slug
    names = [p.relative_to(output).as_posix() for p in output.rglob("*")]
    assert not [n for n in names if any(s in n for s in sample_slugs)]

    version = _run([str(venv / "bin" / "python"), "-m", "bantin", "--version"], tmp_path, env)
    assert version.returncode == 0 and version.stdout.startswith("bantin "), version


def test_the_installed_bantin_is_not_the_repository(venv, tmp_path):
    """The wheel carries the theme and the sample; --sample works from it."""
    env = _fresh_env()
    made = _run(
        [str(venv / "bin" / "bantin"), "init", str(tmp_path / "mau"), "--sample"], tmp_path, env
    )
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "mau" / "content" / "blocs" / "khoi-mttq-ctxh.yaml").is_file()
    assert not (tmp_path / "mau" / "themes").exists()
    shutil.rmtree(tmp_path / "mau")
