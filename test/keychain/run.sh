#!/usr/bin/env bash
# The keychain tests (test/keychain/*.test.ts) against a real Secret Service; see with-keyring.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
exec bash "$here/with-keyring.sh" npx --no -- vitest run --config test/keychain/vitest.config.ts "$@"
