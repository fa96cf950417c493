#!/usr/bin/env bash
# package.sh: build the desktop packages into dist/ — a Linux tarball
# with the desktop entry and icon (install with `sudo make install` or
# `make user-install` inside it), and a Windows executable with its icon
# and version embedded, cross-built with mingw-w64. `make package` runs it.
#
#   scripts/package.sh [VERSION]
#
# Installs what it needs when missing: the fyne tool (v2.7.1, like the
# library) and Debian's gcc-mingw-w64-x86-64. The Windows build compiles
# Fyne's OpenGL driver for Windows the first time, which takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-$(sed -n 's/^ *Version = "\(.*\)"/\1/p' FyneApp.toml)}
tags=migrated_fynedo
export PATH="$PATH:$(go env GOPATH)/bin"
command -v fyne >/dev/null || go install fyne.io/fyne/v2/cmd/fyne@v2.7.1
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null
fi
mkdir -p dist bin
# The fyne tool rewrites FyneApp.toml (it counts builds up): keep ours.
cp FyneApp.toml "$(mktemp -d)/FyneApp.toml.keep" && keep=$_
work=cmd/referable
trap 'cp "$keep" FyneApp.toml; rm -f "$work/FyneApp.toml" "$work/Icon.png" "$work/Referable.exe"' EXIT
quiet() { grep -v 'deprecated\|new tool\|go install fyne.io/tools' || true; }

# Linux: the binary as `make build` makes it, stripped, then packed by the
# fyne tool with FyneApp.toml's name, ID, icon and desktop categories.
go build -tags "$tags" -ldflags "-s -w -X main.version=$version" -o bin/referable ./cmd/referable
fyne package -os linux --exe bin/referable --release --appVersion "$version" 2>&1 | quiet
mv Referable.tar.xz "dist/referable-$version-linux-amd64.tar.xz"

# Windows: the fyne tool builds from the main package's folder, where it
# looks for FyneApp.toml and the icon; they are copied there for the
# build only.
sed 's#^\( *\)Icon = .*#\1Icon = "Icon.png"#' FyneApp.toml >"$work/FyneApp.toml"
cp assets/icon.png "$work/Icon.png"
(cd "$work" && CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc fyne package -os windows --tags "$tags" --release --appVersion "$version" 2>&1 | quiet)
mv "$work/Referable.exe" "dist/Referable-$version-windows-amd64.exe"
ls -l dist
