"""Reproducible installs (issue 16): bounded runtime dependencies, a hashed lock in step with
pyproject.toml, environment.yml in step with both, and `make` installing from the lock."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = REPO / "requirements" / "lock.txt"


def lock_pins() -> dict[str, tuple[Version, int]]:
    """name -> (pinned version, number of hashes)."""
    pins: dict[str, tuple[Version, int]] = {}
    text = LOCK.read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s\\]+)", block)
        if match:
            pins[canonicalize_name(match.group(1))] = (Version(match.group(2)), block.count("--hash=sha256:"))
    return pins


def runtime_requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    extras = project["optional-dependencies"]
    return [Requirement(r) for r in project["dependencies"] + extras["postgres"] + extras["hub"]]


def test_every_runtime_dependency_has_an_upper_bound_at_the_next_major_of_the_locked_version():
    pins = lock_pins()
    for req in runtime_requirements():
        uppers = [Version(s.version) for s in req.specifier if s.operator == "<"]
        assert len(uppers) == 1, f"{req} has no upper bound"
        assert [s for s in req.specifier if s.operator == ">="], f"{req} has no lower bound"
        locked, _ = pins[canonicalize_name(req.name)]
        upper = uppers[0]
        if locked.major == 0:  # 0.x: below 1, or below the next minor
            assert upper in (Version("1"), Version(f"0.{locked.minor + 1}")), (req, locked)
        else:
            assert upper == Version(str(locked.major + 1)), f"{req}: locked {locked}, bound should be <{locked.major + 1}"


def test_the_lock_pins_every_requirement_of_make_test_within_its_bounds_with_hashes():
    pins = lock_pins()
    assert len(pins) > 100
    project = PYPROJECT["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"] + PYPROJECT["build-system"]["requires"]
    for line in wanted:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements/lock.txt: run `make lock`"
        version, hashes = pins[name]
        assert req.specifier.contains(version, prereleases=True), f"lock has {name}=={version}, pyproject wants {req}"
    assert all(hashes >= 1 for _, hashes in pins.values())
    text = LOCK.read_text(encoding="utf-8")
    assert "--index-url" not in text and "--find-links" not in text and "file://" not in text  # no local mirror


def test_environment_yml_has_every_runtime_dependency_with_the_same_bounds():
    lines = (REPO / "environment.yml").read_text(encoding="utf-8").splitlines()
    conda = {}
    for line in lines:
        match = re.match(r"\s+- ([A-Za-z0-9_.\-]+)(\S*)", line)
        if match:
            conda[canonicalize_name(match.group(1))] = match.group(2)
    for line in PYPROJECT["project"]["dependencies"]:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in conda, f"{req.name} is missing from environment.yml"
        assert {str(s) for s in req.specifier} == set(filter(None, conda[name].split(","))), req


def test_make_installs_from_the_lock_with_hashes():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r $(LOCK)" in makefile
    assert "pip install --quiet --no-deps --no-build-isolation -e ." in makefile
    assert "LOCK := requirements/lock.txt" in makefile
    assert re.search(r"^lock:", makefile, re.M) and "piptools compile" in makefile
