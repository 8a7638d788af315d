#!/usr/bin/env bash
# ./dev package [deb|appdir|appimage|msi|all] — runs inside the environment after a release build.
# deb:    CPack Debian package (dpkg-shlibdeps fills the dependencies).
# appdir: an AppImage AppDir (programs, Qt plugins, every library down to glibc and its loader,
#         translations, desktop entry, icon, AppStream metainfo).
# appimage: the AppDir as one file: our runtime (installer/appimage) + a SquashFS image of the AppDir.
# msi:    the MSI from installer/windows/clerkdesk.wxs with wixl, over the install tree; a real
#         Windows MSI comes from the MSVC build (CMakePresets "msvc").
set -euo pipefail
SRC="$1"; BUILD="$2"; KIND="${3:-all}"
OUT="$SRC/build/packages"
mkdir -p "$OUT"

make_deb() {
    (cd "$BUILD" && cpack -G DEB -B "$OUT" >/dev/null)
    ls "$OUT"/*.deb
}

# The AppDir carries everything above the kernel, glibc and its loader included, so that it runs on
# older systems than the one it was built on (Debian 11's glibc 2.31 and newer). AppRun starts the
# program through the bundled loader; the host's graphics drivers (found through the bundled libglvnd's
# vendor files on the host), font configuration, CA certificates and D-Bus session are used as they are.
make_appdir() {
    local app="$OUT/ClerkDesk.AppDir"
    rm -rf "$app"
    # Stripped: the debug information is not loaded at run time (a RelWithDebInfo build keeps it in
    # $BUILD for reading crash reports) and would triple the programs' size.
    cmake --install "$BUILD" --prefix "$app/usr" --strip >/dev/null
    local plugins; plugins="$(qtpaths6 --query QT_INSTALL_PLUGINS 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/qt6/plugins)"
    for d in platforms imageformats tls xcbglintegrations iconengines platformthemes egldeviceintegrations; do
        [[ -d "$plugins/$d" ]] && mkdir -p "$app/usr/plugins" && cp -r "$plugins/$d" "$app/usr/plugins/"
    done
    mkdir -p "$app/usr/lib" "$app/usr/translations"
    cp /usr/share/qt6/translations/qtbase_de.qm /usr/share/qt6/translations/qtbase_en.qm "$app/usr/translations/"
    # Every library the programs and plugins load, glibc included; the graphics drivers stay the host's.
    local skip='^(linux-vdso|libGLX_|libEGL_|libnvidia|libdrm_|libvulkan_)'
    local f lib base
    for f in "$app/usr/bin/"* $(find "$app/usr/plugins" -name '*.so'); do
        [[ -f "$f" && -x "$f" || "$f" == *.so ]] || continue
        file -b "$f" | grep -q '^ELF' || continue
        while read -r lib; do
            base="$(basename "$lib")"
            [[ "$base" =~ $skip ]] && continue
            [[ -e "$app/usr/lib/$base" ]] || cp -L "$lib" "$app/usr/lib/"
        done < <(env -u LD_LIBRARY_PATH -u LD_PRELOAD ldd "$f" | awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}')
    done
    [[ -x "$app/usr/lib/ld-linux-x86-64.so.2" ]] || { echo "no dynamic loader found for the AppDir" >&2; exit 1; }
    # The programs run through the loader, so Qt sees the loader's folder as the application folder.
    local conf='[Paths]\nPrefix = ..\nPlugins = plugins\nTranslations = translations\n'
    printf "$conf" > "$app/usr/bin/qt.conf"
    printf "$conf" > "$app/usr/lib/qt.conf"
    cat > "$app/AppRun" <<'RUN'
#!/bin/sh
# ClerkDesk from an AppImage or an AppDir: through the bundled loader and libraries, so that the host's
# (possibly older) glibc is not used. "clerkdesk-cli" or "clerkdesk-server" as the first argument starts
# that program instead of the app.
# Without readlink/dirname where $0 is no symlink: two programs fewer to start before the app.
if [ -L "$0" ]; then SELF="$(readlink -f "$0")"; else SELF="$0"; fi
case "$SELF" in
    */*) HERE="$(cd "${SELF%/*}" && pwd -P)" ;;
    *) HERE="$(pwd -P)" ;;
esac
PROGRAM=clerkdesk
case "${1:-}" in
    clerkdesk-cli|clerkdesk-server) PROGRAM="$1"; shift ;;
esac
# Started again (the demo's restart) through the AppImage this AppDir came from, else through AppRun; an
# APPIMAGE inherited from another AppImage's process tree is not ours.
if [ -n "${APPIMAGE:-}" ] && [ "${APPDIR:-}" = "$HERE" ]; then
    export CLERKDESK_RESTART="$APPIMAGE"
else
    export CLERKDESK_RESTART="$HERE/AppRun"
fi
exec "$HERE/usr/lib/ld-linux-x86-64.so.2" --library-path "$HERE/usr/lib" --argv0 "${ARGV0:-$0}" \
    "$HERE/usr/bin/$PROGRAM" "$@"
RUN
    chmod +x "$app/AppRun"
    cp "$app/usr/share/applications/org.clerkdesk.ClerkDesk.desktop" "$app/"
    cp "$app/usr/share/icons/hicolor/scalable/apps/org.clerkdesk.ClerkDesk.svg" "$app/"
    ln -sf org.clerkdesk.ClerkDesk.svg "$app/.DirIcon"
    echo "$app ($(du -sh "$app" | cut -f1))"
}

# The single file: our runtime (installer/appimage) followed by a SquashFS image of the AppDir (LZ4).
make_appimage() {
    make_appdir
    local runtime="$BUILD/bin/clerkdesk-appimage-runtime"
    [[ -x "$runtime" ]] || { echo "no AppImage runtime in $BUILD/bin (needs libsquashfuse-dev and libfuse3-dev)" >&2; exit 1; }
    local version; version="$(grep -m1 -E '^\s+VERSION [0-9.]+$' "$SRC/CMakeLists.txt" | grep -o '[0-9.]*')"
    local image="$OUT/ClerkDesk.sqfs" target="$OUT/ClerkDesk-$version-x86_64.AppImage"
    rm -f "$image" "$target"
    # LZ4 (high-compression mode) in 32 KiB blocks: every start decompresses the 40 MB of library pages
    # the loader touches through FUSE, and LZ4 does that about five times faster than zstd (the file is
    # 30 % larger: 71 instead of 54 MB). 32 KiB blocks: the loader touches a library's pages here and
    # there, and every block it touches is decompressed whole. docs/ADMIN.md has the figures.
    mksquashfs "$OUT/ClerkDesk.AppDir" "$image" -root-owned -noappend -comp lz4 -Xhc -b 32K -all-time 0 -mkfs-time 0 \
        -quiet -no-progress >/dev/null
    cat "$runtime" "$image" > "$target.partial"
    chmod 755 "$target.partial"
    mv "$target.partial" "$target"
    rm -f "$image"
    echo "$target ($(du -h "$target" | cut -f1))"
}

make_msi() {
    local tree; tree="$(mktemp -d)"
    cp "$BUILD/bin/clerkdesk" "$tree/clerkdesk.exe" # stand-ins: the Windows build provides the real .exe files
    cp "$BUILD/bin/clerkdesk-cli" "$tree/clerkdesk-cli.exe"
    wixl -a x64 -D Version="$(grep -m1 'VERSION' "$SRC/CMakeLists.txt" | grep -o '[0-9.]*' | head -1)" -D SourceDir="$tree" \
        -o "$OUT/clerkdesk-tables-check.msi" "$SRC/installer/windows/clerkdesk.wxs"
    rm -rf "$tree"
    echo "$OUT/clerkdesk-tables-check.msi (Linux stand-in binary; for table checks, not for Windows desktops)"
}

case "$KIND" in
    deb) make_deb ;;
    appdir) make_appdir ;;
    appimage) make_appimage ;;
    msi) make_msi ;;
    all) make_deb; make_appimage; make_msi ;;
    *) echo "unknown package kind: $KIND (deb, appdir, appimage, msi, all)" >&2; exit 2 ;;
esac
