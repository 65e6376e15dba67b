#!/usr/bin/env bash
# Sourced by run.sh and cluster.sh: keys that outlive a run, kept beside the local database in .local/ (unless given):
# the audit chain's signing key, and the master key that wraps each person's personal-data key. Every node of a
# cluster must share both.
local_key() {
  mkdir -p .local
  [[ -f ".local/$1" ]] || (umask 077; head -c 32 /dev/urandom | base64 > ".local/$1")
  cat ".local/$1"
}
export Audit__SigningKey="${Audit__SigningKey:-$(local_key audit-signing-key)}"
export Confidentiality__MasterKey="${Confidentiality__MasterKey:-$(local_key master-key)}"
