#!/usr/bin/env bash
# ./dev bench packaging: the AppImage against the AppDir it was made from, on this host (outside the
# devroot, as a clerk's desktop would run it). Prints size, the cost of mounting (--version both ways),
# start to first window shown (from before the launch to the app's "window shown" line: loader, mount and
# all) and whole runs (an empty window and the demo's populated inbox, each with a screenshot taken 0.4 s
# after the window settles, and the exit), as medians of several runs.
#
# Reading the figures: the AppDir rows run with its files in the page cache (the runs before warm it),
# the AppImage's can not: every start is a new FUSE mount, so every library page the loader touches
# (about 40 MB in 1,800 reads of 32 KiB for the first window) comes through FUSE and is decompressed
# again. The "AppDir, cold" row evicts the AppDir's files from the page cache before each start (as
# after a reboot): that is the comparison for a clerk's first start of the day. Timing on a shared
# machine: the load average is printed beside the figures.
set -euo pipefail
PKGS="$1"; RUNS="${2:-7}"
IMAGE="$(ls "$PKGS"/ClerkDesk-*-x86_64.AppImage | head -1)"
APPDIR="$PKGS/ClerkDesk.AppDir"
[[ -x "$IMAGE" && -x "$APPDIR/AppRun" ]] || { echo "build the AppImage first: ./dev package appimage" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8
HOME="$(mktemp -d)"; export HOME
trap 'rm -rf "$HOME"' EXIT

median_ms() { # median_ms COMMAND...: runs it RUNS times, prints the median wall time in ms
    local times=() t0 i
    for ((i = 0; i < RUNS; i++)); do
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
        times+=($(( ($(date +%s%N) - t0) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

printf '%-44s %12s\n' "AppImage file" "$(du -h "$IMAGE" | cut -f1) ($(stat -c %s "$IMAGE") bytes)"
printf '%-44s %12s\n' "AppDir it holds (unpacked)" "$(du -sh "$APPDIR" | cut -f1)"
printf '%-44s %12s\n' "runtime (ELF head of the file)" "$("$IMAGE" --appimage-offset) bytes"
echo
printf '%-44s %10s %10s %8s\n' "median of $RUNS runs, ms" "AppDir" "AppImage" "ratio"
shown_ms() { # shown_ms COMMAND...: median over RUNS of start to "window shown" (printed by the app)
    local times=() t0 shown i
    for ((i = 0; i < RUNS; i++)); do
        ${PREPARE:-} # untimed: e.g. evict_appdir
        t0=$(( $(date +%s%N) / 1000000 ))
        shown=$("$@" 2>/dev/null | sed -n 's/^clerkdesk: window shown at \([0-9]*\) ms.*/\1/p')
        [[ -n "$shown" ]] || { echo "no 'window shown' line from: $*" >&2; exit 1; }
        times+=($(( shown - t0 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

row() {
    local name="$1"; shift
    local dir img
    dir=$(median_ms "$APPDIR/AppRun" "$@")
    img=$(median_ms "$IMAGE" "$@")
    printf '%-44s %10d %10d %8s\n' "$name" "$dir" "$img" "$(awk -v a="$img" -v b="$dir" 'BEGIN { printf "%.2fx", a / b }')"
}
row "--version (mount + unmount overhead)" --version
dir=$(shown_ms "$APPDIR/AppRun" --screenshot "$HOME/empty.png")
img=$(shown_ms "$IMAGE" --screenshot "$HOME/empty.png")
printf '%-44s %10d %10d %8s\n' "start to first window shown (empty)" "$dir" "$img" \
    "$(awk -v a="$img" -v b="$dir" 'BEGIN { printf "%.2fx", a / b }')"
# The AppDir's files dropped from the page cache (dd's nocache with count=0 drops a whole file's pages).
evict_appdir() {
    find "$APPDIR" -type f -exec dd if={} iflag=nocache count=0 status=none \;
}
cold=$(PREPARE=evict_appdir shown_ms "$APPDIR/AppRun" --screenshot "$HOME/empty.png")
printf '%-44s %10d %10s %8s\n' "start to first window shown, AppDir cold" "$cold" "" \
    "$(awk -v a="$img" -v b="$cold" 'BEGIN { printf "%.2fx", a / b }')"
# The opt-in unpacked cache (CLERKDESK_APPIMAGE_CACHE=1): the first start unpacks into ~/.cache (timed
# once), every later start runs from there.
t0=$(date +%s%N)
CLERKDESK_APPIMAGE_CACHE=1 "$IMAGE" --version >/dev/null 2>&1
unpack=$(( ($(date +%s%N) - t0) / 1000000 ))
cached=$(CLERKDESK_APPIMAGE_CACHE=1 shown_ms "$IMAGE" --screenshot "$HOME/empty.png")
printf '%-44s %10d %10d %8s\n' "the same, AppImage with the unpacked cache" "$dir" "$cached" \
    "$(awk -v a="$cached" -v b="$dir" 'BEGIN { printf "%.2fx", a / b }')"
printf '%-44s %21d\n' "first start with the cache (unpacking; --version)" "$unpack"
row "whole run: empty window, screenshot, exit" --screenshot "$HOME/empty.png"
row "whole run: populated demo inbox, exit" --demo --lang de --screenshot "$HOME/demo.png"
t0=$(date +%s%N)
APPIMAGE_EXTRACT_AND_RUN=1 "$IMAGE" --version >/dev/null
printf '%-44s %21d\n' "--version through extract-and-run (no FUSE)" $(( ($(date +%s%N) - t0) / 1000000 ))
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
