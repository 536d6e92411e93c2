#!/usr/bin/env bash
# Installs independent accessibility checkers and runs them over built papers (not run by CI).
#   PDF/UA-1: outloud (PyPI) on every PDF; pdfua (PyPI, pikepdf-based) as a second opinion.
#   WCAG 2.2 AA: axe-core via puppeteer-core (npm) in Debian's chromium, every page at 1280
#   and 320 px, plus a check that no page scrolls sideways at either width.
# Usage: tools/a11y-check.sh [OUT_DIR]   (default: builds into out/ first)
# Tools live in $A11Y_TOOLS (default /tmp/a11y-tools), never in the repository.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-}"
TOOLS="${A11Y_TOOLS:-/tmp/a11y-tools}"
mkdir -p "$TOOLS"

if [ -z "$OUT" ]; then
  OUT=out
  cargo run -q -- build >/dev/null || { echo "build failed"; exit 2; }
fi
# The checkers run from their own folders: give them an absolute path.
OUT="$(cd "$OUT" && pwd)"

# --- install -----------------------------------------------------------------------------
if [ ! -x "$TOOLS/venv/bin/outloud" ]; then
  python3 -m venv "$TOOLS/venv" && "$TOOLS/venv/bin/pip" install -q outloud pdfua
fi
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q chromium
fi
if [ ! -d "$TOOLS/node/node_modules/axe-core" ]; then
  mkdir -p "$TOOLS/node"
  (cd "$TOOLS/node" && npm init -y >/dev/null && npm install -q --no-audit --no-fund axe-core puppeteer-core >/dev/null)
fi
cp tools/a11y-axe.js "$TOOLS/node/run-axe.js"

# --- PDF/UA ------------------------------------------------------------------------------
echo "== PDF: outloud $("$TOOLS/venv/bin/outloud" --version | awk '{print $NF}'), pdfua $("$TOOLS/venv/bin/pdfua" --version | awk '{print $NF}')"
pdf_fail=0
while IFS= read -r pdf; do
  "$TOOLS/venv/bin/outloud" --no-info "$pdf" > "$TOOLS/outloud.txt" 2>&1 || pdf_fail=$((pdf_fail + 1))
  head -1 "$TOOLS/outloud.txt"
  grep -E '^  (ERROR|WARNING)' "$TOOLS/outloud.txt" | awk '{print "    " $1, $2}' | sort | uniq -c
  "$TOOLS/venv/bin/pdfua" check -q "$pdf" | grep -E 'result:|^\s*\[' | sed 's/^/    pdfua /'
done < <(find "$OUT" -name '*.pdf' | sort)

# --- HTML / WCAG 2.2 AA ------------------------------------------------------------------
echo "== HTML: axe-core"
(cd "$TOOLS/node" && node run-axe.js "$(realpath "$OUT")" "${A11Y_SHOTS:-}") > "$TOOLS/axe.txt" 2>&1
axe_rc=$?
grep -E '^(VIOLATION|OVERFLOW)' "$TOOLS/axe.txt"
sed -n '/^axe-core/,$p' "$TOOLS/axe.txt"

echo "== summary: $pdf_fail PDF(s) with outloud errors; axe exit $axe_rc (0 = no violations, no sideways scrolling)"
[ "$pdf_fail" -eq 0 ] && [ "$axe_rc" -eq 0 ]
