"""The shipped competency framework and starter curriculum, packaged with the app."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def shipped_framework_path() -> Path:
    """Return the path of the shipped cross-sector leadership framework (YAML)."""
    return DATA_DIR / "framework" / "cross-sector-leadership.yaml"


def starter_curriculum_path() -> Path:
    """Return the folder of the starter curriculum's Markdown modules and pathways."""
    return DATA_DIR / "curriculum"
