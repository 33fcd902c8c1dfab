"""A fresh machine says what it lacks: `.ci/system_packages` holds the one list of Debian
packages the tests need; `make test` checks it before any test runs and `.ci/run`
installs from it. The checks run against a stand-in `dpkg-query` (and `apt-get`, `id`)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci/system_packages"


def _machine(tmp_path, installed, uid="1000"):
    """A PATH whose dpkg-query knows only `installed`, whose apt-get writes down what it
    was asked to install, and whose id says `uid`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "installed").write_text("\n".join(installed) + "\n")
    tools = {
        "dpkg-query": (
            "#!/bin/sh\nfor pkg; do :; done\n"
            f'if grep -qx "$pkg" {tmp_path}/installed; then printf "install ok installed"; '
            'else echo "dpkg-query: no packages found matching $pkg" >&2; exit 1; fi\n'
        ),
        "apt-get": f'#!/bin/sh\necho "$@" >> {tmp_path}/apt-get\n',
        "id": f"#!/bin/sh\necho {uid}\n",
    }
    for name, text in tools.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}


def _run(env, *args):
    return subprocess.run(
        ["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, check=False
    )


def _list(name):
    text = SCRIPT.read_text()
    start = text.index(f"{name}=(") + len(name) + 2
    return text[start : text.index(")", start)].split()


ALL = _list("PACKAGES") + _list("BROWSER")


def test_a_machine_with_everything_passes_silently(tmp_path):
    result = _run(_machine(tmp_path, ALL), "check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_machine_without_the_cjk_and_emoji_fonts_is_told_in_one_line(tmp_path):
    have = [p for p in ALL if p not in ("fonts-noto-cjk", "fonts-noto-color-emoji")]
    result = _run(_machine(tmp_path, have), "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Missing system packages: fonts-noto-cjk fonts-noto-color-emoji. Install them with: "
        "sudo apt-get install fonts-noto-cjk fonts-noto-color-emoji"
    ]


def test_chromium_is_left_out_without_the_browser_and_redis_added_for_ci(tmp_path):
    env = _machine(tmp_path, _list("PACKAGES"))
    assert _run(env, "check", "--no-browser").returncode == 0
    assert "packages: redis-server chromium." in _run(env, "check", "--ci").stderr


def test_install_as_root_installs_only_what_is_missing(tmp_path):
    env = _machine(tmp_path, [p for p in ALL if p != "poppler-utils"], uid="0")
    result = _run(env, "install", "--ci")
    assert result.returncode == 0
    assert (tmp_path / "apt-get").read_text().splitlines() == [
        "update -qq",
        "install -y -qq poppler-utils redis-server",
    ]


def test_install_without_root_only_names_what_is_missing(tmp_path):
    env = _machine(tmp_path, [p for p in ALL if p != "chromium"])
    result = _run(env, "install")
    assert result.returncode == 1
    assert "sudo apt-get install chromium" in result.stderr
    assert not (tmp_path / "apt-get").exists()


def test_make_test_and_ci_use_the_one_list():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("test", "test-fast", "test-browser"):
        recipe = makefile.split(f"\n{target}: ", 1)[1].split("\n\n", 1)[0]
        first, second = recipe.splitlines()[1:3]
        assert first.strip().startswith("@bash .ci/system_packages check"), target
        assert "pytest" in second, target
    ci = (ROOT / ".ci/run").read_text()
    assert "bash .ci/system_packages install --ci" in ci
    assert "dpkg" not in ci and "fonts-noto" not in ci
