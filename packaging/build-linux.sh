#!/usr/bin/env bash
# Builds the Linux packages of Finetune Desk from build.spec:
#   dist/finetune-desk/                              the PyInstaller bundle (one folder)
#   dist/finetune-desk_<version>_<arch>.deb          installs to /opt/finetune-desk, /usr/bin/finetune-desk
#   dist/finetune-desk-<version>-linux-<arch>.tar.gz the bundle plus its desktop files, for any distribution
# Both carry a .desktop entry, the icon at every size (hicolor) and the file associations for
# .xlsx, .csv and .jsonl ("Open with Finetune Desk").
#
# Usage: packaging/build-linux.sh [--bundle DIR] [--dist DIR] [--fast]
#   --bundle DIR  package an already built bundle instead of running PyInstaller
#   --dist DIR    where the results go (default: dist/)
#   --fast        light gzip compression instead of xz (for tests: minutes less on a small machine)
# Needs: the project's venv with the dev extra (PyInstaller, uv), dpkg-deb, tar.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
dist="$root/dist"
bundle=""
fast=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle="$2"; shift 2 ;;
    --dist) dist="$2"; shift 2 ;;
    --fast) fast=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$dist"
dist="$(cd "$dist" && pwd)"

if [ -z "$bundle" ]; then
  echo "building the bundle with PyInstaller…"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$root" && "$python" -m PyInstaller build.spec --noconfirm --log-level WARN \
    --distpath "$dist" --workpath "$work")
  bundle="$dist/finetune-desk"
fi
[ -x "$bundle/finetune-desk" ] || { echo "no bundle at $bundle" >&2; exit 1; }
bundle="$(cd "$bundle" && pwd)"

version="$(cd "$root" && "$python" -c 'import desktop; print(desktop.__version__)')"
arch="$(dpkg --print-architecture 2>/dev/null || uname -m)"
icons="$root/resources/icons"
linux="$root/packaging/linux"

# The desktop integration, laid out under a prefix: share/applications, icons, mime.
install_desktop_files() {
  local share="$1"
  install -D -m 644 "$linux/finetune-desk.desktop" "$share/applications/finetune-desk.desktop"
  install -D -m 644 "$linux/finetune-desk-mime.xml" "$share/mime/packages/finetune-desk.xml"
  install -D -m 644 "$icons/finetune-desk.svg" "$share/icons/hicolor/scalable/apps/finetune-desk.svg"
  for size in 16 24 32 48 64 128 256 512; do
    install -D -m 644 "$icons/finetune-desk-$size.png" \
      "$share/icons/hicolor/${size}x${size}/apps/finetune-desk.png"
  done
}

# --- .deb
stage="$(mktemp -d)"
trap 'rm -rf "$stage" ${work:+"$work"}' EXIT
package="$stage/finetune-desk"
mkdir -p "$package/opt" "$package/usr/bin" "$package/DEBIAN"
cp -a "$bundle" "$package/opt/finetune-desk"
ln -s ../../opt/finetune-desk/finetune-desk "$package/usr/bin/finetune-desk"
install_desktop_files "$package/usr/share"
install -m 755 "$linux/postinst" "$package/DEBIAN/postinst"
install -m 755 "$linux/postrm" "$package/DEBIAN/postrm"
installed_kb="$(du -sk --exclude=DEBIAN "$package" | cut -f1)"
cat > "$package/DEBIAN/control" <<EOF
Package: finetune-desk
Version: $version
Architecture: $arch
Maintainer: Finetune Desk <finetune-desk@users.noreply.github.com>
Installed-Size: $installed_kb
Depends: libc6 (>= 2.31), libgl1, libegl1, libfontconfig1, libfreetype6, libxkbcommon0, libdbus-1-3, libglib2.0-0 | libglib2.0-0t64
Recommends: libxkbcommon-x11-0, libxcb-cursor0, gnome-keyring | kwalletmanager | keepassxc
Section: science
Priority: optional
Homepage: https://github.com/finetune-desk/finetune-desk
Description: from a spreadsheet of examples to a fine-tuned model you have tested
 Finetune Desk (微调工作台) opens a spreadsheet or JSONL file of examples, checks
 and fixes it, counts tokens and cost, fine-tunes a model with OpenAI, Azure or the
 built-in local engine (LoRA), and lets you test the result side by side.
 .
 Local training needs PyTorch; the app offers to install it on first use
 (Fine-tune > Set up local training) into the user's data folder.
EOF
deb="$dist/finetune-desk_${version}_${arch}.deb"
if [ "$fast" = 1 ]; then compression=(-Zgzip -z1); else compression=(-Zxz); fi
dpkg-deb --root-owner-group "${compression[@]}" --build "$package" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1))"

# --- .tar.gz: the bundle, its desktop files, and a script that registers them for one user
name="finetune-desk-${version}-linux-${arch}"
tree="$stage/$name"
mkdir -p "$tree"
cp -a "$bundle" "$tree/finetune-desk"
install_desktop_files "$tree/share"
cat > "$tree/install-desktop-entry.sh" <<'EOF'
#!/bin/sh
# Adds Finetune Desk to your applications menu and "Open with" for .xlsx, .csv and .jsonl files
# (for you only, under ~/.local/share), pointing at the folder this script is in.
set -e
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$data"
cp -R "$here/share/." "$data/"
sed -i "s|^Exec=finetune-desk|Exec=\"$here/finetune-desk/finetune-desk\"|; s|^TryExec=.*|TryExec=$here/finetune-desk/finetune-desk|" \
  "$data/applications/finetune-desk.desktop"
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" 2>/dev/null || true
echo "Finetune Desk is in your applications menu."
EOF
chmod 755 "$tree/install-desktop-entry.sh"
tarball="$dist/$name.tar.gz"
if [ "$fast" = 1 ]; then gzip_level=-1; else gzip_level=-9; fi
tar -C "$stage" --owner=0 --group=0 -cf - "$name" | gzip "$gzip_level" > "$tarball"
echo "built $tarball ($(du -h "$tarball" | cut -f1))"
