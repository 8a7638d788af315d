#!/usr/bin/env bash
# Installs the pinned npm tools once (npm ci from package-lock.json); a no-op when they are current.
set -euo pipefail
cd "$(dirname "$0")"
if [[ -f node_modules/.package-lock.json ]] && cmp -s <(sed -n '/"packages"/,$p' package-lock.json | tail -n +3) \
        <(sed -n '/"packages"/,$p' node_modules/.package-lock.json | tail -n +3); then
    exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
