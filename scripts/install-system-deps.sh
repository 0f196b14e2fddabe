#!/usr/bin/env bash
# Installs the Debian packages the full test suite uses, only when something is missing:
# CJK fonts (rendering), poppler-utils (pdftoppm/pdffonts), LibreOffice (DOCX/XLSX -> PDF),
# chromium (browser tests), pango (WeasyPrint). Without root it only reports what is missing;
# the tests that need a missing tool skip with a message.
set -u
missing=()
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v chromium >/dev/null || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk fontconfig)
# 公文 substitutes (docs/publishing.md): 楷体 (AR PL KaitiM GB, LXGW WenKai), 仿宋 (FandolFang, in TeX Live)
fc-list 2>/dev/null | grep -qi "KaitiM GB" || missing+=(fonts-arphic-gkai00mp fonts-lxgw-wenkai)
[ -e /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf ] || missing+=(texlive-lang-chinese)
ldconfig -p 2>/dev/null | grep -q libpangoft2 || missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "missing system packages (tests that need them will skip): ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
