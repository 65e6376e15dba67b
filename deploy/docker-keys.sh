#!/usr/bin/env bash
# Makes .local/docker.env (mode 600, git-ignored, outside the Docker build context) with the master key and the audit
# signing key every node of docker-compose.yml shares. Run it once; it never replaces keys that exist (the master key
# unlocks every person's personal data: keep a copy of this file somewhere safe).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
env_file=.local/docker.env
if [[ -s "$env_file" ]]; then echo "$env_file exists; keeping its keys."; exit 0; fi
mkdir -p .local
umask 077
{
  echo "Confidentiality__MasterKey=$(head -c 32 /dev/urandom | base64)"
  echo "Audit__SigningKey=$(head -c 32 /dev/urandom | base64)"
} > "$env_file"
echo "Wrote $env_file."
