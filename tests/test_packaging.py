"""What the Dockerfile builds runs on its own: the locked runtime set and the wheel, no repository.

No Docker engine is needed: the image's steps are repeated in a fresh venv in an unrelated temp
folder, then the image's own command and health check run there against a temp SQLite file.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from lxml import etree

from app.config import Settings

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "jw315-verzoek-om-toewijzing.xml"
NS_JW316 = "http://www.istandaarden.nl/ijw/3_2/jw316/schema"
VENDOR_BUNDLE = REPO / "app" / "web" / "static" / "vendor" / "swagger-ui" / "swagger-ui-bundle.js"


@dataclass
class Stage:
    """One FROM stage of the Dockerfile with its instructions in order."""

    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [argument for word, argument in self.instructions if word == keyword]

    def exec_form(self, keyword: str) -> list[str]:
        """The JSON array of an ENTRYPOINT, CMD or HEALTHCHECK ... CMD."""
        return json.loads(self.all(keyword)[-1].rpartition("CMD ")[2])

    def environment(self) -> dict[str, str]:
        pairs = (pair for value in self.all("ENV") for pair in shlex.split(value))
        return dict(pair.split("=", 1) for pair in pairs)


def dockerfile_stages() -> list[Stage]:
    lines, pending = [], ""
    for raw in (REPO / "Dockerfile").read_text().splitlines():
        if raw.lstrip().startswith("#") and not pending:
            continue
        if raw.endswith("\\"):
            pending += raw[:-1].strip() + " "
            continue
        if line := (pending + raw.strip()).strip():
            lines.append(line)
        pending = ""
    arguments = dict(line[4:].split("=", 1) for line in lines if line.startswith("ARG "))
    stages: list[Stage] = []
    for line in lines:
        word, _, argument = line.partition(" ")
        if word == "FROM":
            stages.append(
                Stage(argument.split()[0].replace("${PYTHON_IMAGE}", arguments["PYTHON_IMAGE"]))
            )
        elif stages:
            stages[-1].instructions.append((word, argument))
    return stages


def test_the_image_is_pinned_and_keeps_its_database_in_the_volume():
    build, image = dockerfile_stages()
    for stage in (build, image):
        name, _, digest = stage.base.partition("@sha256:")
        assert name.startswith("python:3.11") and len(digest) == 64
    environment = image.environment()
    database = Settings(database_url=environment["IJW_DATABASE_URL"], gemeenten=("0153",))
    assert json.loads(image.all("VOLUME")[0]) == [str(database.sqlite_path.parent)]
    assert image.all("EXPOSE") == ["${IJW_PORT}"]
    # serve and the health check take their port from the same IJW_PORT
    assert "IJW_PORT" in image.all("HEALTHCHECK")[0]
    assert "--port" not in image.exec_form("CMD")
    installs = " ".join(image.all("RUN"))
    assert "--require-hashes --no-deps -r" in installs
    assert "--no-deps /tmp/dist/*.whl" in installs


def run(*command: str | Path, **options) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, **options)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def without_repository(environment: dict[str, str]) -> dict[str, str]:
    """The caller's environment less anything that would lead Python or ijw to the repository."""
    leaks = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
    return {k: v for k, v in environment.items() if k not in leaks and not k.startswith("IJW_")}


def build_as_the_image_does(build: Stage, tmp_path: Path, env: dict[str, str]) -> Path:
    """The build stage's context, lock export and wheel, then the run stage's installs."""
    source, dist = tmp_path / "src", tmp_path / "dist"
    source.mkdir()
    for copy in build.all("COPY"):
        for name in copy.split()[:-1]:
            if (REPO / name).is_dir():
                shutil.copytree(
                    REPO / name,
                    source / name,
                    ignore=shutil.ignore_patterns("__py*"),
                    dirs_exist_ok=True,  # a folder inside one copied before (the built assets)
                )
            else:
                shutil.copy(REPO / name, source / name)
    uv = Path(sysconfig.get_path("scripts")) / "uv"
    requirements = dist / "requirements.txt"
    run(uv, "export", "-q", "--locked", "--no-emit-project", "-o", requirements, cwd=source)
    venv = tmp_path / "venv"
    if importlib.util.find_spec("pip"):
        # This suite's pip installs into the fresh venv: no ensurepip run, the user's pip cache.
        run(sys.executable, "-m", "venv", "--without-pip", venv)
        pip = (sys.executable, "-m", "pip", "-q", "--disable-pip-version-check")
        target: tuple[str | Path, ...] = ("--python", venv / "bin" / "python")
    else:  # a venv made by uv has no pip
        run(sys.executable, "-m", "venv", venv)
        pip, target = (venv / "bin" / "python", "-m", "pip", "-q"), ()
    run(*pip, "wheel", "--no-deps", "--wheel-dir", dist, source, env=env)
    install = (*pip, *target, "install", "--no-compile", "--no-deps")
    run(*install, "--require-hashes", "-r", requirements, env=env)
    run(*install, *dist.glob("*.whl"), env=env)
    run(*pip, *target, "check", env=env)
    return venv


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_live(url: str, server: subprocess.Popen, log: Path) -> httpx.Response:
    for _ in range(300):
        try:
            return httpx.get(url, timeout=1)
        except httpx.TransportError:
            assert server.poll() is None, log.read_text()
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url}:\n{log.read_text()}")


@pytest.mark.packaging
def test_the_wheel_serves_from_a_fresh_venv_outside_the_repository(tmp_path):
    if not VENDOR_BUNDLE.is_file():
        pytest.fail("the image needs the built assets: run scripts/assets first", pytrace=False)
    build, image = dockerfile_stages()
    clean = without_repository(dict(os.environ))
    venv = build_as_the_image_does(build, tmp_path, clean)
    elsewhere, volume = tmp_path / "elders", tmp_path / "volume"
    for folder in (elsewhere, volume):
        folder.mkdir()

    where = run(venv / "bin" / "python", "-c", "import app; print(app.__file__)", cwd=elsewhere)
    assert Path(where.strip()).is_relative_to(venv)

    database = Path(image.environment()["IJW_DATABASE_URL"].removeprefix("sqlite:///"))
    port = free_port()
    env = {
        **clean,
        **image.environment(),
        "IJW_DATABASE_URL": f"sqlite:///{volume / database.name}",  # the volume, here a temp dir
        "IJW_PORT": str(port),
        "IJW_GEMEENTEN": "0153",
        "PATH": f"{venv / 'bin'}{os.pathsep}{clean.get('PATH', '')}",
    }
    command = image.exec_form("ENTRYPOINT") + image.exec_form("CMD")
    command[command.index("0.0.0.0")] = "127.0.0.1"  # all interfaces in a container; here loopback
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=elsewhere, env=env, stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until_live(f"{base}/health/live", server, log).json() == {"status": "live"}
        healthcheck = image.exec_form("HEALTHCHECK")
        assert healthcheck[0] == "python"
        run(venv / "bin" / "python", *healthcheck[1:], cwd=elsewhere, env=env)

        def key(role: str) -> dict[str, str]:
            made = run("ijw", "keys", "create", "--role", role, cwd=elsewhere, env=env)
            return {"Authorization": f"Bearer {made.strip()}"}

        # readiness: database reachable, migrations at head, schemas compiled
        ready = httpx.get(f"{base}/health/ready", headers=key("operator"), timeout=10)
        assert ready.status_code == 200, ready.text
        headers = key("broker") | {"Content-Type": "application/xml"}
        answer = httpx.post(f"{base}/berichten", content=EXAMPLE.read_bytes(), headers=headers)
        assert answer.status_code == 200, answer.text
        retour = etree.fromstring(answer.content)
        assert etree.QName(retour).namespace == NS_JW316
        assert not retour.xpath("//*[local-name()='RetourCode']")  # checked and accepted
        assert (volume / database.name).stat().st_size > 0
        # The demo's rule sets ship in the wheel: the demo fills a database of its own.
        demo = run(
            "ijw", "demo", "--fill-only", "--database", volume / "demo.db", cwd=elsewhere, env=env
        )
        assert demo.count("export ") == 3

        # the werkplek's own stylesheet, and the assets scripts/assets built, come from the wheel
        assert httpx.get(f"{base}/werkplek/static/werkplek.css").status_code == 200
        swagger = httpx.get(f"{base}/werkplek/static/vendor/swagger-ui/swagger-ui-bundle.js")
        assert swagger.status_code == 200 and swagger.content == VENDOR_BUNDLE.read_bytes()
        assert "swagger-ui-bundle.js" in httpx.get(f"{base}/docs").text
        assert not list(elsewhere.iterdir())  # nothing kept beside the working directory
    finally:
        server.terminate()
        server.wait(timeout=30)
