#!/usr/bin/env bash
# Install the system libraries drafter's PDF engine (WeasyPrint) needs, if missing.
# With --test, also what the test suite uses: LibreOffice (headless Writer), which
# opens the Word documents to prove they are valid and lays them out to check their
# pages, Poppler's pdftotext, which reads those pages back with word positions, and
# Chromium with its WebDriver, in which the HTML is laid out at desktop and phone widths.
# With --bench, also what bench/compare.py measures drafter against: LibreOffice and pandoc.
set -u
need=()
for arg in "$@"; do
    case "$arg" in
        --test)
            command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
            command -v pdftotext >/dev/null || need+=(poppler-utils)
            command -v chromium >/dev/null || need+=(chromium)
            command -v chromedriver >/dev/null || need+=(chromium-driver) ;;
        --bench)
            command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
            command -v pandoc  >/dev/null || need+=(pandoc) ;;
    esac
done
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0'    || need+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || need+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz.so.0'     || need+=(libharfbuzz0b)
# HarfBuzz's subsetter makes PDFs several times faster than WeasyPrint's fallback.
have_lib 'libharfbuzz-subset.so.0' || need+=(libharfbuzz-subset0)
have_lib 'libfontconfig.so.1'   || need+=(fontconfig)
fc-list 2>/dev/null | grep -qi carlito || need+=(fonts-crosextra-carlito)
fc-list 2>/dev/null | grep -qi dejavu  || need+=(fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi
if [ "$sudo" = none ] || ! command -v apt-get >/dev/null; then
    echo "drafter: please install these system packages: ${need[*]}" >&2
    exit 0
fi
echo "drafter: installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null || true
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || echo "drafter: could not install ${need[*]}; PDF output may fail or use fallback fonts, and tests needing LibreOffice or Chromium are skipped" >&2
exit 0
