"""A file named on the command line is checked by its size on the open descriptor before
it is read: a 1 GB template, commitments or checkpoint file (sparse here: no disk used) is
refused in one line naming the limit, and a link is refused, not followed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from arshjul.cli import app


def _huge(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    with open(path, "wb") as handle:
        handle.truncate(1024**3)
    return path


@pytest.mark.parametrize(
    "command",
    [["validate"], ["commitments", "check"], ["audit", "verify", "--checkpoint"]],
    ids=["template", "commitments", "checkpoint"],
)
def test_a_gigabyte_file_is_refused_unread(
    command: list[str], tmp_path: Path, timra_2020: str
) -> None:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = CliRunner().invoke(app, [*command, str(_huge(tmp_path, "stor.yaml"))])
    assert result.exit_code == 1
    assert "1073741824 byte, större än gränsen 1000000 byte" in result.output
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 100_000  # the file was not read into memory


def test_a_template_behind_a_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("municipality: {code: '9999', name: X}\n")
    (tmp_path / "link.yaml").symlink_to(real)
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "link.yaml")])
    assert result.exit_code == 1 and "inte en vanlig fil" in result.output
