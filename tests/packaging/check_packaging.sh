#!/usr/bin/env bash
# Validates what city IT installs: desktop entry, AppStream metainfo, the ADMX/ADML templates, and
# an MSI built with wixl from the WiX source (its Property, Registry, Shortcut and Upgrade tables).
set -euo pipefail
SRC="$1"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

desktop-file-validate "$SRC/installer/linux/org.clerkdesk.ClerkDesk.desktop" || fail "desktop entry"
appstreamcli validate --no-net --pedantic "$SRC/installer/linux/org.clerkdesk.ClerkDesk.metainfo.xml" \
    || appstreamcli validate --no-net "$SRC/installer/linux/org.clerkdesk.ClerkDesk.metainfo.xml" || fail "metainfo"
echo "desktop entry and metainfo valid"

ADMX="$SRC/installer/windows/ClerkDesk.admx"
xmllint --noout "$ADMX" "$SRC/installer/windows/de-DE/ClerkDesk.adml" "$SRC/installer/windows/en-US/ClerkDesk.adml" || fail "ADMX/ADML XML"
# Every policy value in the ADMX is a key the app reads from machine policy (core/Settings.cpp), and
# every policy has one. (Lists are read into arrays first: a list that comes out empty is a failure,
# not a loop that checks nothing.)
POLICIES=$(grep -c '<policy ' "$ADMX") || fail "ADMX has no policies"
mapfile -t KEYS < <(grep -o 'valueName="[A-Za-z]*"' "$ADMX" | cut -d'"' -f2 | sort -u)
[[ ${#KEYS[@]} -eq $POLICIES ]] || fail "ADMX: ${#KEYS[@]} distinct value names for $POLICIES policies"
for key in "${KEYS[@]}"; do
    grep -q "QStringLiteral(\"$key\")" "$SRC/core/Settings.cpp" || fail "ADMX value $key is not a setting the app reads"
done
# Every string and presentation the ADMX references exists in both languages.
mapfile -t STRINGS < <(grep -o '\$(string\.[A-Za-z0-9_]*)' "$ADMX" | sed 's/\$(string\.\(.*\))/\1/' | sort -u)
mapfile -t PRESENTATIONS < <(grep -o '\$(presentation\.[A-Za-z0-9_]*)' "$ADMX" | sed 's/\$(presentation\.\(.*\))/\1/' | sort -u)
[[ ${#STRINGS[@]} -ge $((2 * POLICIES)) ]] || fail "ADMX references ${#STRINGS[@]} strings for $POLICIES policies (name and help each)"
[[ ${#PRESENTATIONS[@]} -ge 1 ]] || fail "ADMX references no presentations"
for ref in "${STRINGS[@]}"; do
    for lang in de-DE en-US; do
        grep -q "<string id=\"$ref\">" "$SRC/installer/windows/$lang/ClerkDesk.adml" || fail "$lang lacks string $ref"
    done
done
for ref in "${PRESENTATIONS[@]}"; do
    for lang in de-DE en-US; do
        grep -q "<presentation id=\"$ref\">" "$SRC/installer/windows/$lang/ClerkDesk.adml" || fail "$lang lacks presentation $ref"
    done
done
echo "ADMX/ADML consistent: $(grep -c '<policy ' "$ADMX") policies, 2 languages"

# The MSI from the same WiX source, over a stand-in install tree (the Windows build provides the real one).
mkdir -p "$WORK/tree"
printf 'MZ stand-in for the Windows build\n' > "$WORK/tree/clerkdesk.exe"
printf 'MZ stand-in for the Windows build\n' > "$WORK/tree/clerkdesk-cli.exe"
wixl -a x64 -D Version=0.1.0 -D SourceDir="$WORK/tree" -o "$WORK/clerkdesk.msi" "$SRC/installer/windows/clerkdesk.wxs" || fail "wixl"
msiinfo tables "$WORK/clerkdesk.msi" > "$WORK/tables"
for t in Property Registry Shortcut Upgrade Component File; do
    grep -qx "$t" "$WORK/tables" || fail "MSI lacks table $t"
done
msiinfo export "$WORK/clerkdesk.msi" Property > "$WORK/property"
grep -q "UpgradeCode	{6F2C5B8A-3E71-4C2B-9A8E-1D4F7C0B2E93}" "$WORK/property" || fail "stable upgrade code"
# Each policy value is written only when its property was given (component condition). (wixl does not
# emit SecureCustomProperties for Secure="yes"; WiX on Windows does, which elevated installs need.)
msiinfo export "$WORK/clerkdesk.msi" Component > "$WORK/component"
grep -q "PolicyBackendUrl	.*	BACKEND_URL	" "$WORK/component" || fail "policy components are not conditional"
msiinfo export "$WORK/clerkdesk.msi" Registry > "$WORK/registry"
for v in backendUrl caBundle idleLockMinutes cacheBudgetMb retentionDays demoAllowed allowedLanguages; do
    grep -q "^[^	]*	2	Software.Policies.ClerkDesk	$v	\[" "$WORK/registry" || fail "MSI does not write policy $v to HKLM"
done
# (Exported to files first: `msiinfo … | grep -q` under pipefail fails when grep stops reading early.)
msiinfo export "$WORK/clerkdesk.msi" Shortcut > "$WORK/shortcut"
grep -q "ClerkDesk" "$WORK/shortcut" || fail "Start-menu shortcut"
msiinfo export "$WORK/clerkdesk.msi" Upgrade > "$WORK/upgrade"
grep -q "6F2C5B8A-3E71-4C2B-9A8E-1D4F7C0B2E93" "$WORK/upgrade" || fail "major upgrade row"
# The command-line tool for scripts, and its folder on the machine PATH (appended, removed on uninstall).
msiinfo export "$WORK/clerkdesk.msi" File > "$WORK/file"
grep -q "clerkdesk-cli.exe" "$WORK/file" || fail "MSI lacks clerkdesk-cli.exe"
grep -q "clerkdesk.exe" "$WORK/file" || fail "MSI lacks clerkdesk.exe"
msiinfo export "$WORK/clerkdesk.msi" Environment > "$WORK/environment"
grep -q "PATH	\[~\];\[INSTALLDIR\]	CommandLineTool" "$WORK/environment" || { cat "$WORK/environment" >&2; fail "clerkdesk-cli's folder is not put on PATH"; }
echo "MSI tables checked: Property, Registry (7 policies), Shortcut, Upgrade, File (app and CLI), Environment (PATH)"
# The Windows build's dependencies: a real vcpkg commit as baseline (not a placeholder), Qt pinned to 6.8 LTS.
python3 - "$SRC/vcpkg.json" <<'PY' || fail "vcpkg.json"
import json, re, sys
manifest = json.load(open(sys.argv[1]))
baseline = manifest.get("builtin-baseline", "")
assert re.fullmatch(r"[0-9a-f]{40}", baseline) and set(baseline) != {"0"}, f"builtin-baseline is not a commit: {baseline!r}"
pinned = {o["name"]: o["version"] for o in manifest.get("overrides", [])}
for port in ("qtbase", "qttools", "qthttpserver", "qtwebengine"):
    assert pinned.get(port, "").startswith("6.8."), f"{port} is not pinned to Qt 6.8 LTS"
names = {d if isinstance(d, str) else d["name"] for d in manifest["dependencies"]}
for port in ("kf6archive", "sqlcipher", "qpdf", "qtkeychain-qt6"):
    assert port in names, f"{port} missing"
print(f"vcpkg.json: baseline {baseline[:12]}, Qt pinned to {pinned['qtbase']}")
PY

echo "1 passed, 0 failed"

