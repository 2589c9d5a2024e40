#!/usr/bin/env bash
# Naast developer entry point. Two commands are all a newcomer needs:
#   ./dev.sh start   set up everything, load demo data (into an empty database) and serve on :8000
#   ./dev.sh test    run the whole test suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL)
# Other sub-commands: setup (install only), lint, and `./dev.sh naast ARGS` for any management command.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"

find_python() {
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  echo "Naast needs Python 3.11 (python3.11 not found)." >&2
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

setup() {
  local mode="${1:-run}"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating virtual environment in .venv"
    "$(find_python)" -m venv "$VENV"
  fi
  local stamp="$VENV/.naast-installed"
  local want
  want=$(cat pyproject.toml | sha256sum | cut -c1-16)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installing Naast and its dependencies"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[dev]"
    echo "$want" > "$stamp"
  fi
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
  else
    echo "Note: npm not found; pages use Naast's own CSS without the NL Design System components." >&2
  fi
  DEBUG="${DEBUG:-1}" "$VENV/bin/naast" compile-translations --quiet
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
  lint)
    "$VENV/bin/ruff" check src tests bench
    ;;
  naast)
    setup run
    export DEBUG="${DEBUG:-1}"
    exec "$VENV/bin/naast" "$@"
    ;;
  *)
    echo "usage: ./dev.sh start|test|setup|lint|naast ARGS" >&2
    exit 2
    ;;
esac
