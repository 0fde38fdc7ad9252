# Shared by infra/dev and infra/test: project-local Python tools and a moto server on a free port.
# shellcheck shell=bash
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
mkdir -p "$ROOT/.local"

# Installs moto, cfn-lint and schemathesis (pinned in infra/requirements.txt) into .venv, again only when the
# requirements change.
ensure_python_tools() {
  local stamp="$VENV/.requirements.sha256" want
  want=$(sha256sum "$ROOT/infra/requirements.txt" | cut -d' ' -f1)
  if [ -x "$VENV/bin/moto_server" ] && [ -x "$VENV/bin/cfn-lint" ] && [ -x "$VENV/bin/schemathesis" ] \
    && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  echo "== installing moto, cfn-lint, schemathesis and openapi-python-client into .venv (infra/requirements.txt)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/infra/requirements.txt"
  echo "$want" > "$stamp"
}

# The system tools the tests drive (the curl examples use jq, the webhook example openssl): Debian
# packages, installed when missing.
ensure_system_tools() {
  local missing=()
  for tool in jq curl node openssl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local pkgs=("${missing[@]/node/nodejs}")
  echo "== installing ${pkgs[*]} (apt-get)"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${pkgs[@]}" >/dev/null
}

# The portal's browser test: Debian's chromium (installed when missing) driven by playwright-core, and
# the pinned Swagger UI release, from tests/browser/package-lock.json (again only when it changes).
# Install scripts are skipped: none of these packages needs one (one would only send telemetry).
ensure_browser_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "== installing chromium (apt-get)"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null
  fi
  npm_ci_once tests/browser "playwright-core and swagger-ui-dist"
}

# `npm ci` in a folder of the repository, once per state of its lockfile (a stamp in node_modules).
npm_ci_once() {
  local dir="$ROOT/$1" want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$dir/node_modules/.lock.sha256" 2>/dev/null)" != "$want" ]; then
    echo "== installing $2 (npm ci, $1)"
    (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    echo "$want" > "$dir/node_modules/.lock.sha256"
  fi
}

# newman (tests/postman), which runs the served Postman collection against a local stack.
ensure_postman_tools() {
  npm_ci_once tests/postman newman
}

# The TypeScript client's toolchain (clients/typescript): openapi-typescript, tsc, openapi-fetch.
ensure_client_tools() {
  npm_ci_once clients/typescript "openapi-typescript, typescript and openapi-fetch"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts moto on loopback; sets MOTO_PID and MOTO_URL. The caller stops it (trap).
# infra/moto_atomic.py applies one request at a time (DynamoDB applies each request atomically; moto's
# threads do not), so concurrent requests cannot corrupt the local table.
start_moto() {
  local port
  port=$(free_port)
  "$VENV/bin/python3" "$ROOT/infra/moto_atomic.py" -H 127.0.0.1 -p "$port" > "$ROOT/.local/moto.log" 2>&1 &
  MOTO_PID=$!
  MOTO_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('$MOTO_URL/moto-api/', timeout=1)" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then
      echo "moto failed to start; see .local/moto.log" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "moto did not answer within 20 s; see .local/moto.log" >&2
  return 1
}
