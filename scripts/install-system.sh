#!/usr/bin/env bash
# Installs the Debian packages the exports and browser tests need, only when they are missing:
# Chromium and Thai fonts (charts, PDF, browser journeys), PostgreSQL and nginx (the tests start
# throw-away servers of both, see analytics/devservers.py; Debian may also start its own services),
# LibreOffice Impress and Calc, headless (the tests open the deck and the workbook in it).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-thai-tlwg >/dev/null 2>&1 || need+=(fonts-thai-tlwg)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
dpkg -s libreoffice-impress >/dev/null 2>&1 || need+=(libreoffice-impress)
dpkg -s libreoffice-calc >/dev/null 2>&1 || need+=(libreoffice-calc)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing ${need[*]} with apt-get"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
