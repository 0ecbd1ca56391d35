#!/usr/bin/env bash
# Usage: test/keychain/with-keyring.sh COMMAND [ARGS...]
# Runs COMMAND with a real Secret Service: a private D-Bus session bus (dbus-run-session) with GNOME
# Keyring started and unlocked, all inside a throwaway HOME, so it works on a CI machine as root with
# no desktop, no display and no stdin, and never touches the user's keyring. COMMAND sees
# WASP_TEST_KEYRING=1 (the E2E harness then keeps tokens in this keychain, as the app does).
# Needs (Debian): dbus gnome-keyring libsecret-tools, plus libsecret-1-dev to build keytar.
# Exit status: COMMAND's; 2 when the environment is missing something.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

missing=()
for tool in dbus-run-session gnome-keyring-daemon secret-tool node; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "with-keyring: missing ${missing[*]}. Install: apt-get install -y dbus gnome-keyring libsecret-tools libsecret-1-dev" >&2
  exit 2
fi
if [[ ! -x node_modules/.bin/vitest ]]; then
  echo "with-keyring: node_modules/.bin/vitest not found; run npm ci first." >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/wasp-keychain.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -m 700 -p "$work/home" "$work/runtime"

# A private HOME keeps the test keyring (~/.local/share/keyrings) away from any real one; gnome-keyring
# puts its control socket under XDG_RUNTIME_DIR, which root shells in containers often lack.
export HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
export npm_config_cache="${npm_config_cache:-$work/npm-cache}"
export npm_config_update_notifier=false
# Nothing may reach a desktop: no display to pop up an unlock prompt, no outer bus or keyring.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

inner='
set -euo pipefail
# gnome-keyring takes every byte on stdin as the password (newline included) and zero bytes as "no
# password", in which case it creates no login keyring and every store fails. So `echo -n ""` does not
# work; the password here is a single newline, as good as empty for a keyring in a throwaway HOME.
# With --unlock it creates the login keyring (the default collection), unlocks it and daemonizes;
# eval picks up any variables it prints.
eval "$(echo "" | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true

# Ready means: a secret can be stored in, read from and cleared from the default collection.
ready=""
for _ in $(seq 1 50); do
  if printf "ready" | secret-tool store --label="wasp keychain test probe" wasp-keychain-probe 1 2>/dev/null &&
     [[ "$(secret-tool lookup wasp-keychain-probe 1 2>/dev/null)" == "ready" ]]; then
    secret-tool clear wasp-keychain-probe 1 || true
    ready=yes
    break
  fi
  sleep 0.2
done
if [[ -z "$ready" ]]; then
  echo "with-keyring: GNOME Keyring did not become usable on the private session bus." >&2
  exit 2
fi

export WASP_TEST_KEYRING=1
exec "$@"
'

# timeout: a keyring call stuck waiting for a prompt must fail the CI job, not hang it.
set +e
timeout --kill-after=15 900 dbus-run-session -- bash -c "$inner" with-keyring "$@" </dev/null 2> >(grep -v --line-buffered -e "Failed to set fd limit" -e "^discover_other_daemon: " >&2)
status=$?
set -e
if ((status == 124)); then echo "with-keyring: timed out after 15 minutes." >&2; fi
exit "$status"
