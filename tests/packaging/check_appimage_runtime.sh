#!/usr/bin/env bash
# The AppImage runtime (installer/appimage/: runtime.c, extract.c, cache.c) on a small AppDir made here: the
# type-2 marks AppImageSpec asks for, libappimage (Debian's independent reader) recognising and listing it,
# extraction byte for byte (a read-only folder too, as a user its mode binds), extract-and-run with the
# environment AppRun expects and the clean-up of what killed runs left, the opt-in unpacked cache (one
# folder per version, held folders kept, stale ones removed, private only, a failed unpacking not retried
# for an hour), and the FUSE path: mounted where /dev/fuse can be used, a one-sentence message with the way
# out where it cannot.
# Usage: check_appimage_runtime.sh RUNTIME INSPECT
set -euo pipefail
RUNTIME="$1"; INSPECT="$2"
WORK="$(mktemp -d)"
remove() { chmod -R u+w "$@" 2>/dev/null || true; rm -rf "$@"; } # (the AppDir holds a read-only folder)
trap 'remove "$WORK" ${USERTMP:+"$USERTMP" "$USERIMAGE"}' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -x "$RUNTIME" ]] || fail "no runtime at $RUNTIME"
[[ -x "$INSPECT" ]] || fail "no appimage_inspect at $INSPECT"
command -v mksquashfs >/dev/null || fail "mksquashfs (squashfs-tools) is missing from the environment"

# A small AppDir: a script as AppRun, a nested file, a binary-ish file, a symlink, an executable bit, a
# read-only folder with a file in it.
APPDIR="$WORK/Test.AppDir"
mkdir -p "$APPDIR/usr/bin" "$APPDIR/usr/share/data"
cat > "$APPDIR/AppRun" <<'RUN'
#!/bin/sh
if [ "$1" = wait ]; then # waits for a TERM, writes its process id into the file $2 when ready
    trap 'echo TERM; exit 42' TERM
    echo $$ > "$2"
    while :; do sleep 0.1; done
fi
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
mkdir "$APPDIR/usr/share/locked" && echo "nur lesen" > "$APPDIR/usr/share/locked/inside.txt" && chmod 555 "$APPDIR/usr/share/locked"
# Made as ./dev package appimage does (LZ4, high compression, 32 KiB blocks, all times 0); a zstd image is
# extracted below as well (the runtime reads any SquashFS compression; older images were zstd).
mksquashfs "$APPDIR" "$WORK/image.sqfs" -root-owned -noappend -comp lz4 -Xhc -b 32K -all-time 0 -mkfs-time 0 -quiet -no-progress >/dev/null
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
remove "$WORK/squashfs-root"
(cd "$WORK" && "$IMAGE" --appimage-extract 'usr/share/*' >/dev/null)
[[ -f "$WORK/squashfs-root/usr/share/data/hello.txt" && ! -e "$WORK/squashfs-root/AppRun" ]] \
    || fail "--appimage-extract PATTERN did not limit itself to the pattern"
remove "$WORK/squashfs-root"
mksquashfs "$APPDIR" "$WORK/zstd.sqfs" -root-owned -noappend -comp zstd -b 32K -quiet -no-progress >/dev/null
cat "$RUNTIME" "$WORK/zstd.sqfs" > "$WORK/Zstd-x86_64.AppImage" && chmod 755 "$WORK/Zstd-x86_64.AppImage"
mkdir "$WORK/zstd" && (cd "$WORK/zstd" && "$WORK/Zstd-x86_64.AppImage" --appimage-extract >/dev/null)
diff -r --no-dereference "$APPDIR" "$WORK/zstd/squashfs-root" || fail "extracted tree of the zstd image differs from the AppDir"
remove "$WORK/zstd" "$WORK/zstd.sqfs" "$WORK/Zstd-x86_64.AppImage"
# The read-only folder, for a user whom its mode binds (root's override ignores it: as root, this runs as
# nobody): --appimage-extract fills it and gives it its mode; extract-and-run fills it and removes it.
AS_USER=()
USERTMP="$(mktemp -d -p /tmp)"; USERIMAGE="$USERTMP.AppImage"; cp "$IMAGE" "$USERIMAGE"
if [[ $(id -u) -eq 0 ]]; then
    AS_USER=(setpriv "--reuid=$(id -u nobody)" "--regid=$(id -g nobody)" --clear-groups)
    chown "$(id -u nobody)" "$USERTMP"
fi
(cd "$USERTMP" && "${AS_USER[@]}" "$USERIMAGE" --appimage-extract 'usr/share/locked*' >/dev/null) \
    || fail "could not extract the read-only folder as a normal user"
[[ "$(cat "$USERTMP/squashfs-root/usr/share/locked/inside.txt")" == "nur lesen" \
    && "$(stat -c %a "$USERTMP/squashfs-root/usr/share/locked")" == 555 ]] || fail "the read-only folder as extracted: $(ls -lR "$USERTMP")"
remove "$USERTMP/squashfs-root"
set +e
OUT="$(cd "$USERTMP" && TMPDIR="$USERTMP" "${AS_USER[@]}" "$USERIMAGE" --appimage-extract-and-run 2>&1)"; RC=$?
set -e
[[ $RC -eq 7 && -z "$(ls -A "$USERTMP")" ]] || fail "extract-and-run as a normal user: $RC, left $(ls -A "$USERTMP") ($OUT)"
remove "$USERTMP" "$USERIMAGE"
echo "extraction: byte for byte (LZ4 and zstd images), by pattern, a read-only folder as a normal user"

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
# What killed runs left in TMPDIR goes at the next start, unless a running app holds it (its runtime
# killed, the app running on), it was made a moment ago (a start about to lock it), or it is another
# user's. The lock is the runtime's own: a run whose runtime is killed keeps its folder through the app.
# An earlier runtime's folder (".ClerkDesk-extracted-", no lock) may belong to an app still running: kept.
# An earlier clean-up's leftover (".trash-…") goes.
LEFT="$TMPDIR/.ClerkDesk-run-left01" HELD="$TMPDIR/.ClerkDesk-run-held01"
FRESH="$TMPDIR/.ClerkDesk-run-fresh1" OTHER="$TMPDIR/.Other-run-left01"
NOTMINE="$TMPDIR/.ClerkDesk-run-notmine" OLDRUNTIME="$TMPDIR/.ClerkDesk-extracted-abc123"
TRASH="$TMPDIR/.trash-.ClerkDesk-run-gone01"
mkdir -p "$LEFT/usr/lib" "$HELD" "$FRESH" "$OTHER" "$NOTMINE" "$OLDRUNTIME" "$TRASH/usr"
echo x > "$LEFT/usr/lib/libx.so"; echo y > "$TRASH/usr/y"
[[ $(id -u) -eq 0 ]] && chown "$(id -u nobody)" "$NOTMINE"
set +e
"$IMAGE" --appimage-extract-and-run wait "$WORK/app.pid" > /dev/null 2>&1 &
KILLED_RUNTIME=$!
for _ in $(seq 100); do [[ -s "$WORK/app.pid" ]] && break; sleep 0.1; done
APP_PID="$(cat "$WORK/app.pid")"
kill -KILL "$KILLED_RUNTIME"; wait "$KILLED_RUNTIME" 2>/dev/null
set -e
RUNNING="$(ls -d "$TMPDIR"/.ClerkDesk-run-?????? | grep -v -e left01 -e held01 -e fresh1 -e notmine)"
[[ -d "$RUNNING" ]] && kill -0 "$APP_PID" || fail "set-up: no folder of a running app whose runtime was killed"
touch -d '2 hours ago' "$LEFT" "$HELD" "$OTHER" "$NOTMINE" "$RUNNING" "$OLDRUNTIME" "$TRASH"
exec {HOLD}<"$HELD"; flock -s "$HOLD" # (as an app would hold it)
set +e
OUT="$("$IMAGE" --appimage-extract-and-run sweep 2>&1)"; RC=$?
set -e
exec {HOLD}<&-
kill -TERM "$APP_PID"
for _ in $(seq 50); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
[[ $RC -eq 7 ]] || fail "extract-and-run beside left folders: $RC ($OUT)"
[[ ! -e "$LEFT" && ! -e "$TRASH" ]] || fail "a folder a killed run left (or a clean-up's leftover) was not removed"
[[ -d "$RUNNING" ]] || fail "the folder of an app running on after its runtime was killed was removed"
[[ -d "$HELD" && -d "$FRESH" && -d "$OTHER" && -d "$NOTMINE" && -d "$OLDRUNTIME" ]] \
    || fail "removed what it must keep: $(ls -A "$TMPDIR")"
remove "$HELD" "$FRESH" "$OTHER" "$NOTMINE" "$RUNNING" "$OLDRUNTIME"
echo "extract-and-run: environment, arguments, exit code, cleanup (also of what killed runs left)"

# A TERM sent to the runtime reaches the app, and the runtime still cleans up after it.
set +e
"$IMAGE" --appimage-extract-and-run wait "$WORK/ready" > "$WORK/term.out" 2>&1 &
RUNTIME_PID=$!
for _ in $(seq 100); do [[ -s "$WORK/ready" ]] && break; sleep 0.1; done
kill -TERM "$RUNTIME_PID"; wait "$RUNTIME_PID"; RC=$?
set -e
[[ $RC -eq 42 ]] && grep -qx TERM "$WORK/term.out" || fail "a TERM to the runtime did not reach the app: $RC $(cat "$WORK/term.out")"
[[ -z "$(ls -A "$TMPDIR")" ]] || fail "after a TERM the extracted folder was left behind"
# --appimage-extract never unpacks into a folder others may write to.
mkdir -m 777 "$WORK/open" && mkdir -m 777 "$WORK/open/squashfs-root"
(cd "$WORK/open" && "$IMAGE" --appimage-extract >/dev/null 2>&1) && fail "extracted into a squashfs-root others may write to"
[[ -z "$(ls -A "$WORK/open/squashfs-root")" ]] || fail "files were written into a squashfs-root others may write to"
echo "signals: a TERM reaches the app, cleanup follows; extraction refuses a folder open to others"

# The unpacked cache (CLERKDESK_APPIMAGE_CACHE=1): the first start unpacks into a private folder of the
# user's cache named after the image, later starts run from it as it is; another image (an update, also
# one copied over the old file with its time kept) gets a folder of its own; folders unused for 14 days
# and cut-off attempts older than an hour go unless a running app holds them; a folder without its stamp
# is unpacked again; a cache folder others may write to, or on a way they can change, is not used.
CACHE="$WORK/cache"; mkdir -p "$CACHE"; ROOT="$CACHE/clerkdesk-appimage"; STAMP=.clerkdesk-unpacked
cached() { CLERKDESK_APPIMAGE_CACHE=1 XDG_CACHE_HOME="$CACHE" "$@" 2>&1; }
appdir_of() { sed -n 's/^APPDIR=//p' <<<"$1"; }
set +e
OUT="$(cached "$IMAGE" erst)"; RC=$?
set -e
[[ $RC -eq 7 ]] || fail "cached run: exit code $RC ($OUT)"
FIRST="$(appdir_of "$OUT")"
[[ "$FIRST" =~ ^$ROOT/[0-9a-f]{16}$ ]] || fail "cached run: APPDIR '$FIRST' is not a folder of the cache"
grep -qx "ARGS=erst" <<<"$OUT" && grep -qx "Grüß Gott aus dem Image" <<<"$OUT" || fail "cached run: $OUT"
diff -r --no-dereference -x "$STAMP" "$APPDIR" "$FIRST" || fail "the unpacked cache differs from the AppDir"
[[ "$(cat "$FIRST/$STAMP")" == "$(basename "$FIRST")" ]] || fail "the stamp does not name the folder's image"
[[ "$(stat -c %a "$ROOT")" == 700 ]] || fail "the cache folder is not private: $(stat -c %a "$ROOT")"
# Run from the folder as it is: nothing unpacked again.
echo "aus dem Cache" > "$FIRST/usr/share/data/hello.txt"
set +e
OUT="$(cached "$IMAGE" zweit)"; RC=$?
set -e
[[ $RC -eq 7 && "$(appdir_of "$OUT")" == "$FIRST" ]] && grep -qx "aus dem Cache" <<<"$OUT" \
    || fail "second cached run did not run from the unpacked folder as it was: $OUT"
echo "Grüß Gott aus dem Image" > "$FIRST/usr/share/data/hello.txt"
# An update in a new file: another folder. The image differs from the first in one byte of one file and
# has every size and time the same (./dev package builds with all times 0).
echo "Grüß Gott aus dem Imagf" > "$APPDIR/usr/share/data/hello.txt"
mksquashfs "$APPDIR" "$WORK/image2.sqfs" -root-owned -noappend -comp lz4 -Xhc -b 32K -all-time 0 -mkfs-time 0 -quiet -no-progress >/dev/null
echo "Grüß Gott aus dem Image" > "$APPDIR/usr/share/data/hello.txt"
IMAGE2="$WORK/Test2-x86_64.AppImage"
cat "$RUNTIME" "$WORK/image2.sqfs" > "$IMAGE2" && chmod 755 "$IMAGE2" && rm "$WORK/image2.sqfs"
set +e
OUT="$(cached "$IMAGE2")"; RC=$?
set -e
SECOND="$(appdir_of "$OUT")"
[[ $RC -eq 7 && "$SECOND" =~ ^$ROOT/[0-9a-f]{16}$ && "$SECOND" != "$FIRST" ]] \
    && grep -qx "Grüß Gott aus dem Imagf" <<<"$OUT" || fail "an updated image did not get a folder of its own: $OUT"
[[ -d "$FIRST" ]] || fail "the previous version's folder was removed although it was used lately"
# The same update copied over the old file in place, its modification time kept (cp -p).
IMAGE1="$WORK/Test1-x86_64.AppImage"; cp -p "$IMAGE" "$IMAGE1"
set +e
OUT="$(cached "$IMAGE1")"; RC=$?
set -e
BEFORE="$(appdir_of "$OUT")"
[[ $RC -eq 7 && "$BEFORE" =~ ^$ROOT/[0-9a-f]{16}$ ]] && grep -qx "Grüß Gott aus dem Image" <<<"$OUT" \
    || fail "cached run of a copy: $OUT"
INODE="$(stat -c %i "$IMAGE1")"
touch -r "$IMAGE1" "$IMAGE2" && cp -p "$IMAGE2" "$IMAGE1"
[[ "$(stat -c %i "$IMAGE1")" == "$INODE" && "$(stat -c %Y.%y "$IMAGE1")" == "$(stat -c %Y.%y "$IMAGE")" ]] \
    || fail "test set-up: the copy in place should keep the inode and the time"
set +e
OUT="$(cached "$IMAGE1")"; RC=$?
set -e
THIRD="$(appdir_of "$OUT")"
[[ $RC -eq 7 && "$THIRD" =~ ^$ROOT/[0-9a-f]{16}$ && "$THIRD" != "$BEFORE" ]] \
    && grep -qx "Grüß Gott aus dem Imagf" <<<"$OUT" || fail "an image copied over another (time kept) ran the old folder: $OUT"
rm -rf "$BEFORE"
# Stale folders go unless a running app holds them (flock, as the runtime does); recent ones stay.
touch -d '20 days ago' "$FIRST" "$SECOND"
mkdir "$ROOT/.partial-old-abc" "$ROOT/.partial-new-def" "$ROOT/.partial-held-ghi"
touch -d '2 hours ago' "$ROOT/.partial-old-abc" "$ROOT/.partial-held-ghi"
exec {HOLD1}<"$FIRST" {HOLD2}<"$ROOT/.partial-held-ghi"
flock -s "$HOLD1"; flock -x "$HOLD2" # (held by this shell, as a running app and an unpacking start would)
set +e
OUT="$(cached "$IMAGE1")"; RC=$?
set -e
exec {HOLD1}<&- {HOLD2}<&-
[[ $RC -eq 7 ]] || fail "cached run with stale folders: $OUT"
[[ -d "$FIRST" ]] || fail "a folder a running app holds was removed"
[[ ! -e "$SECOND" ]] || fail "a folder unused for 20 days and held by nobody was kept"
[[ ! -e "$ROOT/.partial-old-abc" && -d "$ROOT/.partial-new-def" && -d "$ROOT/.partial-held-ghi" ]] \
    || fail "cut-off attempts: $(ls -A "$ROOT")"
# A folder without its stamp (cut off, or the disk lost it) is unpacked again.
rm "$THIRD/$STAMP"
set +e
OUT="$(cached "$IMAGE1")"; RC=$?
set -e
[[ $RC -eq 7 && "$(appdir_of "$OUT")" == "$THIRD" && -f "$THIRD/$STAMP" ]] && grep -q "incomplete" <<<"$OUT" \
    || fail "a folder without its stamp was not unpacked again: $OUT"
# Not used: a cache folder others may read or write, or one inside a folder others may change.
for bad in 777 755; do
    chmod "$bad" "$ROOT"
    set +e
    OUT="$(cached "$IMAGE1")"; RC=$?
    set -e
    chmod 700 "$ROOT"
    grep -q "not a private folder" <<<"$OUT" && [[ $RC -eq 7 || $RC -eq 127 ]] && ! grep -q "^APPDIR=$ROOT" <<<"$OUT" \
        || fail "a cache folder with mode $bad was used: $OUT"
done
mkdir -m 777 "$WORK/shared"
set +e
OUT="$(CLERKDESK_APPIMAGE_CACHE=1 XDG_CACHE_HOME="$WORK/shared/me" "$IMAGE1" 2>&1)"; RC=$?
set -e
grep -q "not a private folder" <<<"$OUT" && ! grep -q "^APPDIR=$WORK/shared" <<<"$OUT" \
    || fail "a cache inside a folder others may change was used: $OUT"
# An unpacking that failed (here: a file-size limit, as a full disk or a quota would) is not tried again at
# every start for an hour: those starts mount at once.
FCACHE="$WORK/fcache"; mkdir -p "$FCACHE"
fcached() { CLERKDESK_APPIMAGE_CACHE=1 XDG_CACHE_HOME="$FCACHE" "$IMAGE1" 2>&1; }
# (SIGXFSZ ignored: the runtime's write fails with EFBIG instead of the runtime being killed.)
OUT="$( (trap '' XFSZ; ulimit -f 100; fcached) )" || true
MARK="$(ls -d "$FCACHE"/clerkdesk-appimage/.failed-* 2>/dev/null || true)"
grep -q "unpacking into" <<<"$OUT" && [[ -f "$MARK" ]] || fail "a failed unpacking was not noted: $OUT"
OUT="$(fcached)" || true
grep -Eq "failed [0-9]+ minutes ago" <<<"$OUT" && ! grep -q "^APPDIR=$FCACHE" <<<"$OUT" \
    && [[ -z "$(find "$FCACHE/clerkdesk-appimage" -mindepth 1 -maxdepth 1 -type d)" ]] \
    || fail "unpacking was tried again right after it failed: $OUT"
touch -d '2 hours ago' "$MARK"
set +e
OUT="$(fcached)"; RC=$?
set -e
[[ $RC -eq 7 && ! -e "$MARK" ]] && grep -q "^APPDIR=$FCACHE/clerkdesk-appimage/" <<<"$OUT" \
    || fail "an hour after a failure the cache was not unpacked again: $OUT"
echo "unpacked cache: unpacked once, run as it is, one folder per version (in-place copy too), held folders kept, stale ones removed, private only, a failure not retried for an hour"

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
