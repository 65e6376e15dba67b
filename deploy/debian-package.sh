#!/usr/bin/env bash
# Sourced by test.sh and cluster.sh. ensure_package PROGRAM PACKAGE: installs Debian's PACKAGE with apt-get unless
# PROGRAM is already there (never a download from anywhere else).
ensure_package() {
  [[ -x "$1" ]] && return 0
  echo "Installing Debian's $2..."
  local as_root=""; [[ "$(id -u)" -ne 0 ]] && as_root="sudo"
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
