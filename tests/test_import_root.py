"""`arshjul` is the only import root: the folders flows/, models/ and notifications/ are
reached as arshjul.flows, arshjul.models and arshjul.notifications wherever the program
runs, and their data (notice templates, migrations) is found through the package, not
through the repository's working directory."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

PROBE = textwrap.dedent(
    """
    import importlib.util, sys
    for name in ("models", "flows", "notifications"):
        assert importlib.util.find_spec(name) is None, name
    from arshjul.notifications.render import check_overrides, renderer_for, sample_context
    import arshjul.models.migrate as migrate
    assert (migrate.FOLDER / "versions").is_dir()
    renderer = renderer_for(None)
    for kind in ("reminder", "overdue", "receipt", "sign_in"):
        rendered = renderer.render(kind, "sv", sample_context(kind))
        assert rendered.subject and rendered.text, kind
    from arshjul.web.app import create_app
    create_app()
    print("ok")
    """
)


def test_the_package_works_away_from_the_checkout(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-I", "-c", PROBE],  # -I: no working directory or PYTHON* on the path
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"ARSHJUL_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
