#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the full test suite uses, only when something is missing:
# CJK fonts (charts and PDFs), poppler-utils (pdftoppm/pdffonts), LibreOffice (DOCX/XLSX -> PDF),
# chromium (browser tests), pango (WeasyPrint), and the PostgreSQL server binaries (the suite
# starts its own throwaway server, scripts/with_postgres.py). Without root it only reports what is
# missing; the tests that need a missing tool skip with a message.
# `install-system-deps.sh fonts` checks and installs only the CJK fonts (what `make demo` needs);
# `install-system-deps.sh venv` only python3-venv (what `python3 -m venv` needs on Debian).
set -u -o pipefail
missing=()
if [ "${1:-}" = venv ]; then     # python3 -m venv needs ensurepip (Debian: python3-venv)
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "python3 -m venv needs ensurepip: install python3-venv (sudo apt-get install python3-venv)" >&2
    exit 1
  fi
  missing+=(python3-venv)
fi
if [ "${1:-}" = fonts ]; then
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk fontconfig)
  [ ${#missing[@]} -eq 0 ] && exit 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "no CJK font: charts are left out of the reports (as root: apt-get install fonts-noto-cjk)" >&2
    exit 0
  fi
fi
[ -n "${1:-}" ] || {
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v chromium >/dev/null || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk fontconfig)
# 公文 substitutes (docs/publishing.md): 楷体 (AR PL KaitiM GB, LXGW WenKai), 仿宋 (FandolFang, in TeX Live)
fc-list 2>/dev/null | grep -qi "KaitiM GB" || missing+=(fonts-arphic-gkai00mp fonts-lxgw-wenkai)
[ -e /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf ] || missing+=(texlive-lang-chinese)
ldconfig -p 2>/dev/null | grep -q libpangoft2 || missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
{ command -v initdb >/dev/null && command -v pg_ctl >/dev/null; } || ls /usr/lib/postgresql/*/bin/initdb \
  >/dev/null 2>&1 || missing+=(postgresql)
}
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "missing system packages (tests that need them will skip): ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
echo "installing system packages (a few minutes on a fresh machine): ${missing[*]}"
echo "  apt-get update"
apt-get update -qq || exit 1
# one line per download and per configured package, so a long install is visibly moving
apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}" 2>&1 \
  | grep --line-buffered -E '^(Get:[0-9]+ |Setting up |E: )' | sed -u -E 's/^Get:[0-9]+ [^ ]+ [^ ]+ [^ ]+ /  downloading /; s/^Setting up /  set up /'
status=${PIPESTATUS[0]}
[ $status -eq 0 ] && echo "system packages installed" || echo "apt-get install failed (status $status)" >&2
exit $status
