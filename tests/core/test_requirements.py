"""requirements*.txt are compiled from requirements*.in (`make requirements`): every direct dependency is pinned in
its .in file with the version the compiled file installs, and every installed package is pinned and hashed. A line
added to a .txt by hand (no hash, no "via") or a .in pin out of step with its .txt fails here."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: « {line} » n'est pas épinglé (==)"
        pins[canonical(match[1])] = match[3]
    return pins


def compiled_blocks(path: Path) -> dict[str, tuple[str, str]]:
    """name → (version, the block's text: requirement line, hashes, "via" comments)."""
    blocks, current = {}, None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonical(match[1])
            blocks[current] = (match[3], line)
        elif current and line.startswith(" "):
            version, text = blocks[current]
            blocks[current] = (version, f"{text}\n{line}")
        elif line.strip() and not line.startswith("#"):
            pytest.fail(f"{path.name}: ligne inattendue « {line} » (fichier compilé par make requirements)")
    return blocks


@pytest.mark.parametrize(
    "source, compiled", [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")]
)
def test_compiled_requirements_are_pinned_hashed_and_follow_their_source(source, compiled):
    blocks = compiled_blocks(ROOT / compiled)
    assert blocks
    for name, (_version, text) in blocks.items():
        assert "--hash=sha256:" in text, f"{compiled}: {name} sans empreinte (make requirements)"
        assert "# via" in text, f"{compiled}: {name} ajouté à la main (make requirements)"
    for name, version in direct_pins(ROOT / source).items():
        assert name in blocks, f"{name} est dans {source} mais pas dans {compiled} : make requirements"
        assert blocks[name][0] == version, f"{name} : {version} dans {source}, {blocks[name][0]} dans {compiled}"


def test_development_installs_the_production_versions():
    production = {name: version for name, (version, _) in compiled_blocks(ROOT / "requirements.txt").items()}
    development = {name: version for name, (version, _) in compiled_blocks(ROOT / "requirements-dev.txt").items()}
    assert {name: development.get(name) for name in production} == production
    lines = (ROOT / "requirements-dev.in").read_text().splitlines()
    assert "-r requirements.in" in lines and "-c requirements.txt" in lines
