"""Run the installed `ijw` command as a person would: a subprocess, its own folder and env."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

IJW = Path(sys.executable).with_name("ijw")
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/ijw"


def environment(**settings: str) -> dict[str, str]:
    """The test's environment without IJW_* settings, plus `settings` (IJW_ prefix added)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IJW_")}
    env.update({f"IJW_{name.upper()}": value for name, value in settings.items()})
    return env


def ijw(*args: str, cwd: Path, timeout: float = 60, **settings: str):
    """Run `ijw args` in `cwd`; the CompletedProcess with text stdout and stderr."""
    return subprocess.run(
        [str(IJW), *args],
        cwd=cwd,
        env=environment(**settings),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
