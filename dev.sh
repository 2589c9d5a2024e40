#!/usr/bin/env bash
# Naast developer entry point. Two commands are all a newcomer needs:
#   ./dev.sh start   set up everything, load demo data (into an empty database) and serve on :8000
#   ./dev.sh test    run the whole test suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL)
# Other sub-commands: setup (install only), lint, `./dev.sh smoke 3.13` (a short run on another
# supported Python, as CI does) and `./dev.sh naast ARGS` for any management command.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"

# Naast runs on Python 3.11, 3.12 and 3.13: the versions Django 5.2 and every pinned dependency support.
SUPPORTED_PYTHONS="3.11, 3.12 or 3.13"

# True when the command runs and is a supported Python (a command that exists but does not start,
# or is another version, does not count).
is_supported_python() {
  command -v "$1" >/dev/null 2>&1 \
    && "$1" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' >/dev/null 2>&1
}

# A working pythonX.Y for version $1: on the PATH, or installed with pyenv but not selected (its
# shim then exists but does not start).
locate_python() {
  local version="$1" candidate
  if is_supported_python "python$version" \
      && [ "$("python$version" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "$version" ]; then
    echo "python$version"; return 0
  fi
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in "$(pyenv root)"/versions/"$version".*/bin/python"$version"; do
      if [ -x "$candidate" ] && is_supported_python "$candidate"; then echo "$candidate"; return 0; fi
    done
  fi
  return 1
}

# python3 when it is a supported version, else the newest supported pythonX.Y found.
find_python() {
  if is_supported_python python3; then echo python3; return 0; fi
  for version in 3.13 3.12 3.11; do
    locate_python "$version" && return 0
  done
  local found="no python3"
  if command -v python3 >/dev/null 2>&1; then
    found="python3 is $(python3 -c 'import platform; print(platform.python_version())' 2>/dev/null || echo 'not working')"
  fi
  echo "Naast needs Python $SUPPORTED_PYTHONS ($found; no python3.13, python3.12 or python3.11 found)." >&2
  exit 1
}

# Root on a Debian/Ubuntu machine can install what the tests drive: Chromium (accessibility and
# no-JavaScript checks), Dovecot (a real IMAP server for the e-mail intake) and Node.js (front-end
# packages). Without them the related tests skip and say why; nothing else depends on them.
system_packages() {
  local wanted=() 
  command -v npm >/dev/null 2>&1 || wanted+=(nodejs npm)
  if [ "${1:-}" = "test" ]; then
    command -v chromium >/dev/null 2>&1 || wanted+=(chromium chromium-driver)
    [ -x /usr/sbin/dovecot ] || wanted+=(dovecot-imapd)
    command -v msgfmt >/dev/null 2>&1 || wanted+=(gettext)
  fi
  [ ${#wanted[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${wanted[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null) \
      || echo "Could not install ${wanted[*]}; the tests that need them will be skipped." >&2
    # Dovecot's package starts a system daemon on port 143; our tests run their own instance.
    if [ -x /usr/sbin/dovecot ]; then (doveadm stop >/dev/null 2>&1 || true); fi
  else
    echo "Note: ${wanted[*]} not installed; the tests that need them will be skipped." >&2
  fi
}

# Install Naast with its pinned dependencies into the virtual environment $1, again only when
# pyproject.toml has changed.
install_naast() {
  local venv="$1"
  local stamp="$venv/.naast-installed"
  local want
  want=$(cat pyproject.toml | sha256sum | cut -c1-16)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installing Naast and its dependencies into ${venv#"$ROOT"/}"
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q -e ".[dev]"
    echo "$want" > "$stamp"
  fi
}

setup() {
  local mode="${1:-run}"
  if [ ! -x "$VENV/bin/python" ]; then
    local python
    python=$(find_python)
    echo "Creating virtual environment in .venv ($("$python" --version))"
    "$python" -m venv "$VENV"
  fi
  install_naast "$VENV"
  system_packages "$mode"
  if command -v npm >/dev/null 2>&1; then
    local npm_stamp="node_modules/.naast-installed"
    local npm_want
    npm_want=$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -c1-16)
    if [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$npm_want" ]; then
      echo "Installing front-end packages (NL Design System CSS, htmx, axe-core)"
      npm ci --no-audit --no-fund --loglevel=error && echo "$npm_want" > "$npm_stamp" \
        || echo "npm install failed; pages fall back to Naast's own CSS." >&2
    fi
    # Only the NL Design System components the pages use (naast.core.nlds.COMPONENTS).
    [ -d node_modules/@utrecht ] && { DEBUG="${DEBUG:-1}" "$VENV/bin/naast" build-css \
      || echo "Building the NL Design System CSS failed; pages load its whole index.css." >&2; }
  else
    echo "Note: npm not found; pages use Naast's own CSS without the NL Design System components." >&2
  fi
  DEBUG="${DEBUG:-1}" "$VENV/bin/naast" compile-translations --quiet
}

# A short check on another supported Python, next to the full suite on .venv's: its own virtual
# environment (.venv-pyXY), a fresh SQLite database in var/smoke-pyXY/, migrate, a small demo data
# set and a handful of fast test modules from several apps. Skipped, saying why, when that Python
# is not installed.
SMOKE_TESTS=(
  tests/core/test_language.py
  tests/privacy/test_policy.py
  tests/registry/test_deadlines.py
  tests/registry/test_lifecycle.py
  tests/casework/test_services.py
  tests/socialmap/test_search.py
  tests/reports/test_suppression.py
)

smoke() {
  local version="${1:-3.13}"
  shift || true  # the rest goes to pytest
  local python
  if ! python=$(locate_python "$version"); then
    echo "Skipping the smoke run on Python $version: no working python$version found."
    return 0
  fi
  if ! is_supported_python "$python" \
      || [ "$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$version" ]; then
    echo "Naast supports Python $SUPPORTED_PYTHONS; $python is not one of them." >&2
    exit 2
  fi
  local venv="$ROOT/.venv-py${version//./}"
  local data="$ROOT/var/smoke-py${version//./}"
  if [ ! -x "$venv/bin/python" ]; then
    echo "Creating virtual environment in ${venv#"$ROOT"/} ($("$python" --version))"
    "$python" -m venv "$venv"
  fi
  install_naast "$venv"
  rm -rf "$data"
  mkdir -p "$data"
  (
    unset DATABASE_URL  # always the fresh SQLite file, whatever the caller's database
    export NAAST_DATA_DIR="$data"
    DEBUG="${DEBUG:-1}" "$venv/bin/naast" compile-translations --quiet
    DEBUG="${DEBUG:-1}" "$venv/bin/naast" migrate --noinput -v 0
    DEBUG="${DEBUG:-1}" "$venv/bin/naast" demo-data --requests 40 --quiet
    NAAST_TESTING=1 "$venv/bin/pytest" -q "${SMOKE_TESTS[@]}" "$@"
  )
}

cmd="${1:-start}"
shift || true
case "$cmd" in
  start)
    setup run
    export DEBUG="${DEBUG:-1}"
    mkdir -p var
    "$VENV/bin/naast" migrate --noinput -v 0
    "$VENV/bin/naast" demo-data --if-empty
    echo ""
    echo "Naast runs at http://127.0.0.1:8000  (staff pages: http://127.0.0.1:8000/staff/)  Ctrl+C stops it."
    exec "$VENV/bin/naast" runserver 127.0.0.1:8000 "$@"
    ;;
  setup)
    setup test
    ;;
  test)
    setup test
    export NAAST_TESTING=1
    jobs=$("$VENV/bin/python" -c 'import os; print(max(1, min(4, os.cpu_count() or 1)))')
    exec "$VENV/bin/pytest" -n "$jobs" "$@"
    ;;
  smoke)
    smoke "$@"
    ;;
  lint)
    "$VENV/bin/ruff" check src tests bench scripts
    ;;
  naast)
    setup run
    export DEBUG="${DEBUG:-1}"
    exec "$VENV/bin/naast" "$@"
    ;;
  *)
    echo "usage: ./dev.sh start|test|setup|smoke [3.X]|lint|naast ARGS" >&2
    exit 2
    ;;
esac
