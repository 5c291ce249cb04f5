"""Run the whole suite on the oldest and newest supported Python, Django and Wagtail."""

import glob
import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["oldest", "newest"]
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True


def interpreter(version: str) -> str:
    """Return a path to Python `version`, from PATH or pyenv (installing it there)."""
    found = shutil.which(f"python{version}")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    # A pyenv shim exists for every installed version but fails outside its own.
    if found and subprocess.call([found, "--version"], **quiet) == 0:  # noqa: S603
        return found
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    pattern = str(pyenv_root / "versions" / f"{version}.*" / "bin" / f"python{version}")
    candidates = sorted(glob.glob(pattern))
    pyenv = shutil.which("pyenv")
    if not candidates and pyenv:
        subprocess.check_call([pyenv, "install", "--skip-existing", version])  # noqa: S603
        candidates = sorted(glob.glob(pattern))
    if not candidates:
        raise SystemExit(f"Python {version} is needed: install it (pyenv install).")
    return candidates[-1]


VERSIONS = (
    "import sys, django, wagtail; "
    "print('Python', sys.version.split()[0], '| Django', django.__version__, "
    "'| Wagtail', wagtail.__version__)"
)


def run_suite(session: nox.Session, *pins: str) -> None:
    """Install the project with the given pins, then run the checks and the suite."""
    # --build-constraint needs pip 25.3 or newer.
    session.install("--quiet", "--upgrade", "pip")
    session.install(
        "--quiet", "--build-constraint", "build-constraints.txt", "-e", ".[site,test]"
    )
    session.install("--quiet", *pins)
    session.run("python", "-c", VERSIONS)
    # A separate database per session, never the main run's .test-db.sqlite3. Not in
    # session.create_tmp(): that points TMPDIR into the checkout the wheel test copies.
    env = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "TEST_SQLITE_PATH": str(Path(session.virtualenv.location) / "test.sqlite3"),
        "TEST_DATABASE_URL": None,
    }
    session.run("python", "manage.py", "check", env=env)
    session.run(
        "python", "manage.py", "makemigrations", "--check", "--dry-run", env=env
    )
    session.run("python", "-m", "pytest", "--create-db", *session.posargs, env=env)


@nox.session(python=interpreter("3.11"))
def oldest(session: nox.Session) -> None:
    """Python 3.11, Django 5.2 LTS, Wagtail 7.4 LTS."""
    run_suite(session, "Django~=5.2.0", "wagtail~=7.4.0")


@nox.session(python=interpreter("3.13"))
def newest(session: nox.Session) -> None:
    """Python 3.13, the newest Django 6.1 and Wagtail 8."""
    run_suite(session, "Django~=6.1.0", "wagtail>=8,<9")
