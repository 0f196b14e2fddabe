#!/usr/bin/env bash
# `make demo`: score, check and publish the bundled example, then serve the web app with demo data.
# BIN is the virtualenv's bin directory (the Makefile passes it).
set -euo pipefail
BIN=${BIN:-.venv/bin}
EXAMPLE=examples/pingshan-2021-zhaoshang.yaml
OUT=out

echo "== 计分 score: $EXAMPLE"
"$BIN/jixiao" score "$EXAMPLE"

echo
echo "== 复核 check: $EXAMPLE"
status=0
"$BIN/jixiao" check --no-english "$EXAMPLE" || status=$?
case $status in
  0) ;;
  1) echo "以上问题是预期的：该示例如实记录了已发布报告，连同其中的错误。"
     echo "These findings are expected: the example records the published report as printed, defects included." ;;
  *) exit "$status" ;;
esac

echo
echo "== 出具报告 publish: $OUT/"
charts=()
if ! "$BIN/python" -c 'from jixiao.publish.fonts import cjk_font_file; raise SystemExit(cjk_font_file() is None)'; then
  echo "没有中文字体，报告不含图表 / no CJK font on this machine: the reports leave the charts out"
  echo "  (sudo apt-get install fonts-noto-cjk, then run make demo again)"
  charts=(--no-charts)
fi
"$BIN/jixiao" report "$EXAMPLE" -o "$OUT" --format docx,html,xlsx "${charts[@]}" >"$OUT.list" 2>&1 || {
  cat "$OUT.list"; rm -f "$OUT.list"; exit 1; }
echo "报告已写入 outputs written:"
sed 's/^/  /' "$OUT.list"
rm -f "$OUT.list"

echo
echo "== 网页应用 web app (SQLite in data/)"
exec "$BIN/jixiao" serve --demo --data-dir data
