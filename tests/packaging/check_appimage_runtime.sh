#!/usr/bin/env bash
# The AppImage runtime (installer/appimage/runtime.c) on a small AppDir made here: the type-2 marks
# AppImageSpec asks for, libappimage (Debian's independent reader) recognising and listing it, extraction
# byte for byte, extract-and-run with the environment AppRun expects, and the FUSE path: mounted where
# /dev/fuse can be used, a one-sentence message with the way out where it cannot.
# Usage: check_appimage_runtime.sh RUNTIME INSPECT
set -euo pipefail
RUNTIME="$1"; INSPECT="$2"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -x "$RUNTIME" ]] || fail "no runtime at $RUNTIME"
[[ -x "$INSPECT" ]] || fail "no appimage_inspect at $INSPECT"
command -v mksquashfs >/dev/null || fail "mksquashfs (squashfs-tools) is missing from the environment"

# A small AppDir: a script as AppRun, a nested file, a binary-ish file, a symlink, an executable bit.
APPDIR="$WORK/Test.AppDir"
mkdir -p "$APPDIR/usr/bin" "$APPDIR/usr/share/data"
cat > "$APPDIR/AppRun" <<'RUN'
#!/bin/sh
echo "APPIMAGE=$APPIMAGE"
echo "APPDIR=$APPDIR"
echo "ARGV0=$ARGV0"
echo "OWD=$OWD"
echo "ARGS=$*"
cat "$APPDIR/usr/share/data/hello.txt"
echo "RANDOM=$(sha256sum < "$APPDIR/usr/share/data/random.bin" | cut -d' ' -f1)"
exit 7
RUN
chmod 755 "$APPDIR/AppRun"
echo "Grüß Gott aus dem Image" > "$APPDIR/usr/share/data/hello.txt"
head -c 300000 /dev/urandom > "$APPDIR/usr/share/data/random.bin"
printf '#!/bin/sh\necho tool\n' > "$APPDIR/usr/bin/tool" && chmod 750 "$APPDIR/usr/bin/tool"
ln -s usr/share/data/hello.txt "$APPDIR/hello-link"
# The runtime reads these ahead while the app starts; the paths that leave the AppDir, the symlink and
# the missing file are skipped (the run below must still see the right bytes and unmount cleanly).
printf '%s\n' usr/share/data/random.bin ../../etc/passwd /etc/passwd usr/../../x hello-link missing usr/bin/tool \
    > "$APPDIR/.preload"
mksquashfs "$APPDIR" "$WORK/image.sqfs" -root-owned -noappend -comp zstd -quiet -no-progress >/dev/null
IMAGE="$WORK/Test-x86_64.AppImage"
cat "$RUNTIME" "$WORK/image.sqfs" > "$IMAGE"
chmod 755 "$IMAGE"

# Type-2 marks: magic at offset 8, the reserved sections, the offset the runtime reports.
[[ "$(head -c 11 "$IMAGE" | tail -c 3 | od -An -tx1 | tr -d ' \n')" == "414902" ]] || fail "no AI\\x02 magic at offset 8"
SECTIONS="$(readelf -S "$RUNTIME")" # whole, before grep: grep -q closing the pipe early would fail it
for section in .upd_info .sha256_sig .sig_key; do
    grep -q -- " $section " <<<"$SECTIONS" || fail "runtime lacks section $section"
done
OFFSET="$("$IMAGE" --appimage-offset)"
[[ "$OFFSET" == "$(stat -c %s "$RUNTIME")" ]] || fail "--appimage-offset says $OFFSET, the runtime has $(stat -c %s "$RUNTIME") bytes"
echo "type-2 marks present; image at offset $OFFSET"

# libappimage recognises the type and lists exactly the AppDir's entries.
"$INSPECT" "$IMAGE" > "$WORK/listing" || fail "libappimage does not read it: $(cat "$WORK/listing")"
[[ "$(head -1 "$WORK/listing")" == "type 2" ]] || fail "libappimage type: $(head -1 "$WORK/listing")"
(cd "$APPDIR" && find . -mindepth 1 | sed 's|^\./||' | sort) > "$WORK/expected"
tail -n +2 "$WORK/listing" | sed 's|^\./||; s|/$||' | sort -u > "$WORK/listed"
diff -u "$WORK/expected" "$WORK/listed" || fail "libappimage lists other files than the AppDir holds"
echo "libappimage: type 2, $(wc -l < "$WORK/listed") entries as in the AppDir"

# Extraction reproduces the AppDir byte for byte (contents, symlinks as symlinks, permission bits).
(cd "$WORK" && "$IMAGE" --appimage-extract >/dev/null)
diff -r --no-dereference "$APPDIR" "$WORK/squashfs-root" || fail "extracted tree differs from the AppDir"
(cd "$APPDIR" && find . -printf '%p %m %y\n' | sort) > "$WORK/modes-expected"
(cd "$WORK/squashfs-root" && find . -printf '%p %m %y\n' | sort) > "$WORK/modes-extracted"
diff -u "$WORK/modes-expected" "$WORK/modes-extracted" || fail "extracted permissions differ"
rm -rf "$WORK/squashfs-root"
(cd "$WORK" && "$IMAGE" --appimage-extract 'usr/share/*' >/dev/null)
[[ -f "$WORK/squashfs-root/usr/share/data/hello.txt" && ! -e "$WORK/squashfs-root/AppRun" ]] \
    || fail "--appimage-extract PATTERN did not limit itself to the pattern"
rm -rf "$WORK/squashfs-root"
echo "extraction: byte for byte, and by pattern"

# Extract-and-run: the environment, the arguments, the exit code, and nothing left behind.
export TMPDIR="$WORK/tmp"; mkdir -p "$TMPDIR"
set +e
OUT="$(cd "$WORK" && "$IMAGE" --appimage-extract-and-run eins "zwei drei" 2>&1)"; RC=$?
set -e
[[ $RC -eq 7 ]] || fail "extract-and-run: exit code $RC, expected AppRun's 7 ($OUT)"
grep -qx "APPIMAGE=$IMAGE" <<<"$OUT" || fail "APPIMAGE not set to the file: $OUT"
grep -q "^APPDIR=$TMPDIR/" <<<"$OUT" || fail "APPDIR not in TMPDIR: $OUT"
grep -qx "ARGV0=$IMAGE" <<<"$OUT" || fail "ARGV0 not set: $OUT"
grep -qx "OWD=$WORK" <<<"$OUT" || fail "OWD not the working folder: $OUT"
grep -qx "ARGS=eins zwei drei" <<<"$OUT" || fail "arguments not passed on: $OUT"
grep -qx "Grüß Gott aus dem Image" <<<"$OUT" || fail "AppRun could not read the image's files: $OUT"
[[ -z "$(ls -A "$TMPDIR")" ]] || fail "extract-and-run left $(ls -A "$TMPDIR") behind"
set +e
OUT="$(APPIMAGE_EXTRACT_AND_RUN=1 "$IMAGE" viaenv 2>&1)"; RC=$?
set -e
[[ $RC -eq 7 ]] && grep -qx "ARGS=viaenv" <<<"$OUT" || fail "APPIMAGE_EXTRACT_AND_RUN=1 did not extract and run: $OUT"
echo "extract-and-run: environment, arguments, exit code, cleanup"

# Mounting: where FUSE can be used the app runs from the mount (and the mount goes afterwards);
# elsewhere one sentence says why and how to run anyway.
# Whether this environment can mount is decided from the environment, not from the outcome: /dev/fuse
# usable, and either fusermount3 or root with CAP_SYS_ADMIN (bit 21 of the effective capabilities).
fuse_usable() {
    [[ -c /dev/fuse && -r /dev/fuse && -w /dev/fuse ]] || return 1
    command -v fusermount3 >/dev/null && return 0
    local caps; caps="$(awk '/^CapEff/ {print $2}' /proc/self/status)"
    [[ $(id -u) -eq 0 && $(( 0x$caps >> 21 & 1 )) -eq 1 ]]
}
set +e
OUT="$("$IMAGE" gemountet 2>&1)"; RC=$?
set -e
if fuse_usable; then
    [[ $RC -eq 7 ]] || fail "mounted run: exit code $RC ($OUT)"
    grep -q "^APPDIR=$TMPDIR/.mount_" <<<"$OUT" || fail "mounted run: APPDIR $OUT"
    grep -qx "ARGS=gemountet" <<<"$OUT" || fail "mounted run: arguments ($OUT)"
    grep -qx "RANDOM=$(sha256sum < "$APPDIR/usr/share/data/random.bin" | cut -d' ' -f1)" <<<"$OUT" \
        || fail "mounted run: the file read through the mount differs from the AppDir's ($OUT)"
    [[ -z "$(ls -A "$TMPDIR")" ]] || fail "the mount point was left behind"
    grep -q "$TMPDIR" /proc/mounts && fail "still mounted after the app exited"
    echo "FUSE: mounted, ran, unmounted"
else
    [[ $RC -eq 127 ]] || fail "without FUSE: exit code $RC, expected 127 ($OUT)"
    [[ "$(wc -l <<<"$OUT")" -le 3 ]] || fail "without FUSE the message should be short: $OUT"
    grep -q -- "--appimage-extract-and-run" <<<"$OUT" || fail "without FUSE the message does not say how to run anyway: $OUT"
    grep -q "FUSE" <<<"$OUT" || fail "without FUSE the message does not say what is missing: $OUT"
    [[ -z "$(ls -A "$TMPDIR")" ]] || fail "the unused mount point was left behind"
    echo "no FUSE here: $(tail -1 <<<"$OUT")"
fi

# Misuse and damage: an unknown runtime option, and an image cut short.
"$IMAGE" --appimage-unknown >/dev/null 2>&1 && fail "an unknown --appimage- option was accepted"
head -c $((OFFSET + 4096)) "$IMAGE" > "$WORK/cut.AppImage"; chmod 755 "$WORK/cut.AppImage"
set +e
OUT="$(cd "$WORK" && ./cut.AppImage --appimage-extract 2>&1)"; RC=$?
set -e
[[ $RC -ne 0 ]] || fail "a cut-off image extracted without an error"
echo "refused: unknown option, damaged image ($(head -1 <<<"$OUT"))"
echo "AppImage runtime checks passed"
