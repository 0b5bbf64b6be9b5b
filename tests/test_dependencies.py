"""The lock files pin and hash every package, and `make audit` never reads as a
pass when it checked nothing."""

import re
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

from tools import audit

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$", re.MULTILINE)


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(lock):
    return {canonical(n): v for n, v in PIN.findall((ROOT / lock).read_text())}


def wanted(source):
    names = set()
    for line in (ROOT / source).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(canonical(re.split(r"[<>=!~ \[]", line)[0]))
    return names


@pytest.mark.parametrize("lock", audit.LOCKS)
def test_every_locked_package_is_pinned_with_hashes(lock):
    text = (ROOT / lock).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 6)[-1])
    packages = [e for e in entries if re.match(r"[A-Za-z0-9]", e)]
    assert len(packages) == len(pinned(lock)) > 20
    for entry in packages:
        assert "==" in entry.split()[0], entry
        assert "--hash=sha256:" in entry, f"no hash: {entry.split()[0]}"


@pytest.mark.parametrize(
    ("source", "lock"),
    [
        ("requirements.in", "requirements.txt"),
        ("requirements-dev.in", "requirements-dev.txt"),
    ],
)
def test_each_lock_holds_what_its_source_asks_for(source, lock):
    assert wanted(source) <= set(pinned(lock))


def test_the_site_lock_and_the_dev_lock_agree():
    site, dev = pinned("requirements.txt"), pinned("requirements-dev.txt")
    assert {name: dev[name] for name in site} == site


def test_this_environment_is_installed_from_the_lock():
    installed = {
        canonical(d.metadata["Name"]): d.version for d in metadata.distributions()
    }
    for name, version in pinned("requirements-dev.txt").items():
        assert installed.get(name) == version, name


def test_the_makefile_installs_with_require_hashes():
    makefile = (ROOT / "Makefile").read_text()
    installs = re.findall(r"pip install[^\n]*(?:\\\n[^\n]*)*", makefile)
    assert installs and all("--require-hashes" in line for line in installs)


def test_audit_says_plainly_when_the_advisory_data_cannot_be_reached(
    monkeypatch, capsys
):
    def unreachable(*args, **kwargs):
        raise OSError("no route to host")

    monkeypatch.setattr(audit.urllib.request, "urlopen", unreachable)
    ran = []
    monkeypatch.setattr(audit.subprocess, "run", lambda *a, **k: ran.append(a))
    assert audit.main() == 2
    assert "cannot be reached from this machine, so nothing was checked" in (
        capsys.readouterr().out
    )
    assert ran == []  # pip-audit is not run to print a pass it did not check


class Answer:
    def __init__(self, body):
        self.body = body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self, *args):
        return self.body


@pytest.mark.parametrize(
    ("output", "code", "expected"),
    [
        ("No known vulnerabilities found\n", 0, 0),
        ("Found 1 known vulnerability in 1 package\n", 1, 1),
        (
            "No known vulnerabilities found\nnh3  Dependency not found on PyPI and "
            "could not be audited: nh3 (0.3.8)\n",
            0,
            2,
        ),
    ],
)
def test_audit_runs_pip_audit_over_both_locks_when_it_can(
    monkeypatch, capsys, output, code, expected
):
    monkeypatch.setattr(
        audit.urllib.request,
        "urlopen",
        lambda url, timeout: Answer(b'{"info": {}, "vulnerabilities": []}'),
    )
    commands = []

    def run(command, **kwargs):
        commands.append(command)
        return subprocess.CompletedProcess(command, code, stdout=output, stderr="")

    monkeypatch.setattr(audit.subprocess, "run", run)
    assert audit.main() == expected
    [command] = commands
    assert "--require-hashes" in command
    assert [command[i + 1] for i, part in enumerate(command) if part == "-r"] == [
        str(ROOT / "requirements.txt"),
        str(ROOT / "requirements-dev.txt"),
    ]


@pytest.mark.parametrize(
    ("target", "runs"),
    [
        ("test", ["-m pytest"]),
        (
            "run",
            [
                "manage.py migrate",
                "load_demo",
                "run_scheduler",
                "db_worker",
                "runserver",
            ],
        ),
        ("upgrade", ["pip-compile", "requirements.in", "requirements-dev.in"]),
        ("audit", ["tools/audit.py"]),
    ],
)
def test_the_make_targets_run_what_the_readme_says(target, runs):
    dry = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for command in runs:
        assert command in dry, (target, command)
