"""The built wheel, shared by the tests that install it into other sites."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

LOCAL_CLUTTER = {
    ".git",
    ".venv",
    ".nox",
    "build",
    "db.sqlite3",
    ".test-db.sqlite3",
    ".test-media",
    "media",
}


def _local_clutter(directory: str, names: list[str]) -> set[str]:
    """Skip what a local checkout accumulates at its top level, and bytecode."""
    skip = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
    if Path(directory) == REPO:
        skip |= LOCAL_CLUTTER & set(names)
        skip |= {"static"} & set(names)  # collectstatic output, not app static files
    return skip


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """Build the distribution exactly as `pip install .` would."""
    out = tmp_path_factory.mktemp("dist")
    # Build from a clean copy so leftovers of earlier local builds never leak in.
    source = tmp_path_factory.mktemp("src") / "project"
    shutil.copytree(REPO, source, ignore=_local_clutter)
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("wagtail_leadership_academy-*.whl"))


@pytest.fixture(scope="session")
def installed_wheel(wheel, tmp_path_factory) -> Path:
    """Install the wheel alone into an empty folder, to go first on PYTHONPATH."""
    target = tmp_path_factory.mktemp("site-packages")
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return target
