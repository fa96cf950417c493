#!/usr/bin/env bash
# install-deps.sh: install the Debian/Ubuntu packages Fyne's cgo build
# needs, only when they are missing. Uses sudo when not run as root.
set -euo pipefail
# poppler-utils: pdftotext, pdftoppm, to read printed cards back in tests;
# cups and printer-driver-cups-pdf: the print server and virtual printer
# the printing tests start on a private socket (and how Referable prints);
# radicale and xandikos: the CardDAV/CalDAV servers the sync tests start
# on loopback ports.
packages=(libgl1-mesa-dev xorg-dev poppler-utils cups printer-driver-cups-pdf radicale xandikos)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Referable needs the OpenGL and X11 development files, poppler's tools, CUPS with cups-pdf, and Radicale and Xandikos for its tests (${packages[*]} on Debian)." >&2
  echo "Install your system's equivalents, then run make again." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "Installing ${missing[*]} (needed to build the Fyne GUI)..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
