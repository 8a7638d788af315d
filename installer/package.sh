#!/usr/bin/env bash
# ./dev package [deb|appdir|msi|all] — runs inside the environment after a release build.
# deb:    CPack Debian package (dpkg-shlibdeps fills the dependencies).
# appdir: an AppImage AppDir (program, Qt plugins, libraries that Debian's base system does not
#         guarantee, translations, desktop entry, icon, AppStream metainfo). Turning it into a
#         single .AppImage file needs appimagetool, which Debian does not package.
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

make_appdir() {
    local app="$OUT/ClerkDesk.AppDir"
    rm -rf "$app"
    cmake --install "$BUILD" --prefix "$app/usr" >/dev/null
    local plugins; plugins="$(qtpaths6 --query QT_INSTALL_PLUGINS 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/qt6/plugins)"
    for d in platforms imageformats tls xcbglintegrations iconengines; do
        [[ -d "$plugins/$d" ]] && mkdir -p "$app/usr/plugins" && cp -r "$plugins/$d" "$app/usr/plugins/"
    done
    mkdir -p "$app/usr/lib" "$app/usr/translations"
    cp /usr/share/qt6/translations/qtbase_de.qm /usr/share/qt6/translations/qtbase_en.qm "$app/usr/translations/" 2>/dev/null || true
    # Libraries: everything the programs and plugins need except the C library and friends.
    local skip='^(linux-vdso|libc\.|libm\.|libdl\.|libpthread\.|librt\.|ld-linux|libgcc_s|libstdc\+\+)'
    for f in "$app/usr/bin/"* $(find "$app/usr/plugins" -name '*.so'); do
        ldd "$f" 2>/dev/null | awk '/=> \//{print $3}' | while read -r lib; do
            base="$(basename "$lib")"
            [[ "$base" =~ $skip ]] && continue
            [[ -e "$app/usr/lib/$base" ]] || cp -L "$lib" "$app/usr/lib/"
        done
    done
    printf '[Paths]\nPrefix = ..\nPlugins = plugins\nTranslations = translations\n' > "$app/usr/bin/qt.conf"
    cat > "$app/AppRun" <<'RUN'
#!/bin/sh
HERE="$(dirname "$(readlink -f "$0")")"
export LD_LIBRARY_PATH="$HERE/usr/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
exec "$HERE/usr/bin/clerkdesk" "$@"
RUN
    chmod +x "$app/AppRun"
    cp "$app/usr/share/applications/org.clerkdesk.ClerkDesk.desktop" "$app/"
    cp "$app/usr/share/icons/hicolor/scalable/apps/org.clerkdesk.ClerkDesk.svg" "$app/"
    ln -sf org.clerkdesk.ClerkDesk.svg "$app/.DirIcon"
    echo "$app ($(du -sh "$app" | cut -f1)); appimagetool makes the single file"
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
    appdir|appimage) make_appdir ;;
    msi) make_msi ;;
    all) make_deb; make_appdir; make_msi ;;
    *) echo "unknown package kind: $KIND (deb, appdir, msi, all)" >&2; exit 2 ;;
esac
