#!/bin/sh
# The container image's steps, in one script: the Dockerfile runs it, and so does
# tests/e2e/test_wheel.py in a clean virtual environment outside the checkout (no Docker
# daemon runs on the development machines).
#
#   steps.sh wheel SOURCE DIST     build the wheel from the checkout SOURCE into DIST, with
#                                  the pinned build backend, and put constraints.txt beside it
#   steps.sh install DIST PREFIX   a virtual environment at PREFIX with the wheel and the
#                                  PostgreSQL driver, every package pinned by DIST/constraints.txt
#   steps.sh check PREFIX          the installed program starts and finds its data: page
#                                  templates, static files, notice templates, cycle templates,
#                                  migrations
set -eu

python=${PYTHON:-python3}

case "${1:-}" in
wheel)
    source=$2 dist=$3
    mkdir -p "$dist"
    "$python" -m pip wheel --no-deps --wheel-dir "$dist" "$source"
    cp "$source/constraints.txt" "$dist/constraints.txt"
    ;;
install)
    dist=$2 prefix=$3
    wheel=$(ls "$dist"/arshjul-*.whl)
    "$python" -m venv "$prefix"
    "$prefix/bin/python" -m pip install --constraint "$dist/constraints.txt" "$wheel[postgres]"
    "$prefix/bin/python" -m pip check
    ;;
check)
    prefix=$2
    scratch=$(mktemp -d)  # a home of its own: nothing is left where the image keeps data
    trap 'rm -rf "$scratch"' EXIT
    export ARSHJUL_HOME="$scratch/home"
    "$prefix/bin/arshjul" --help >/dev/null
    "$prefix/bin/python" -I - <<'PY'
from importlib.resources import files

need = {
    "arshjul.web": ["templates/sign_in.html", "templates/base.html", "static/arshjul.css"],
    "arshjul.notifications": ["templates/sv/sign_in.txt", "templates/en/reminder.html"],
    "arshjul.cycle_templates": ["timra.yaml", "karlstad.yaml", "malmo.yaml"],
    "arshjul.models.migrations": ["script.py.mako", "env.py", "versions/0001_initial.py"],
}
missing = [f"{p}/{n}" for p, names in need.items() for n in names if not files(p).joinpath(n).is_file()]
assert not missing, f"missing from the installation: {missing}"
import arshjul.flows.send_reminders  # noqa: F401 (prefect.yaml's module entrypoints)
from arshjul.web.app import create_app

create_app()
print("arshjul installation checked")
PY
    ;;
*)
    echo "usage: steps.sh wheel SOURCE DIST | install DIST PREFIX | check PREFIX" >&2
    exit 2
    ;;
esac
