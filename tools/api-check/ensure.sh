#!/usr/bin/env bash
# Installs the pinned npm tools once (npm ci from package-lock.json); a no-op when they are current
# (a stamp in node_modules holds the SHA-256 of the lock file the last install used).
set -euo pipefail
cd "$(dirname "$0")"
want="$(sha256sum package-lock.json | cut -c1-64)"
if [[ -f node_modules/.clerkdesk-lock-sha256 && "$(cat node_modules/.clerkdesk-lock-sha256)" == "$want" ]]; then
    exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > node_modules/.clerkdesk-lock-sha256
