#!/usr/bin/env bash
# Without a Docker engine: carries out deploy/Dockerfile's steps here, read from the Dockerfile itself, in a temporary
# folder standing for the image (its build stage's COPY, WORKDIR and RUN lines, then its ENV lines), starts the
# published service as the image would (Production, the generated code loaded statically) against the local
# PostgreSQL of deploy/run.sh (database campaign_docker), and asks it /health/live with the Dockerfile's own
# HEALTHCHECK command, then /health/ready. Not verified here: the base images, the app user, docker-compose.yml.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
repo="$PWD"
source deploy/local-postgres.sh campaign_docker
connection="$ConnectionStrings__Marten"
unset ConnectionStrings__Marten DATABASE_URL

root="$(mktemp -d)"
node=""
trap '[[ -n "$node" ]] && kill "$node" 2>/dev/null; rm -rf "$root"' EXIT
in_image() { sed -E -e "s#(^|[ =])/src#\1$root/src#g" -e "s#(^|[ =])/app#\1$root/app#g" <<<"$1"; }

# Continuation lines joined; the build stage runs, the runtime stage's ENV and HEALTHCHECK are kept.
mapfile -t steps < <(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' deploy/Dockerfile | grep -E '^(FROM|WORKDIR|COPY|RUN|ENV|HEALTHCHECK) ')
stage=0 dir="$root" healthcheck=""
for step in "${steps[@]}"; do
  read -r verb args <<<"$step"
  case "$stage:$verb" in
    *:FROM) stage=$((stage + 1)) ;;
    1:WORKDIR) dir="$(in_image "$args")"; mkdir -p "$dir" ;;
    1:COPY)
      read -ra paths <<<"$args"; target="${paths[-1]}"
      [[ "$target" = /* ]] && target="$(in_image "$target")" || target="$dir/$target"
      mkdir -p "$target"
      for source in "${paths[@]:0:${#paths[@]}-1}"; do
        if [[ -d "$repo/$source" ]]; then # its contents, as .dockerignore lets them in: no build output, no generated code
          tar -C "$repo/$source" --exclude=bin --exclude=obj --exclude=Internal/Generated -cf - . | tar -xf - -C "$target"
        else cp "$repo/$source" "$target/"; fi
      done ;;
    1:RUN) echo "RUN $args"; (cd "$dir" && bash -c "$(in_image "$args")") ;;
    2:ENV) for pair in $args; do export "${pair%%=*}=${pair#*=}"; done ;;
    2:HEALTHCHECK) healthcheck="$(sed -E 's/.* CMD (\[.*\])$/\1/' <<<"$args")" ;;
  esac
done
generated=$(find "$root/src/src/Campaign.Api/Internal/Generated" -name '*.cs' | wc -l)
echo "codegen write generated $generated files."
[[ $generated -gt 0 && -n "$healthcheck" ]] || { echo "No generated code or no HEALTHCHECK." >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Marten="$connection"
export Confidentiality__MasterKey="$(head -c 32 /dev/urandom | base64)" Audit__SigningKey="$(head -c 32 /dev/urandom | base64)"
[[ "${PreGeneratedCode:-}" == "true" ]] || { echo "The image does not set PreGeneratedCode=true." >&2; exit 1; }
(cd "$root/app" && exec dotnet Campaign.Api.dll) > "$root/node.log" 2>&1 &
node=$!
mapfile -t check < <(python3 -c 'import json,sys; print("\n".join(json.loads(sys.argv[1])))' "$healthcheck")
check=("${check[@]//8080/$port}")
for _ in $(seq 1 120); do
  if "${check[@]}" 2>/dev/null; then
    echo "The Dockerfile's HEALTHCHECK passed: /health/live answered 200."
    ready=$(python3 -c 'import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).status)' "http://127.0.0.1:$port/health/ready")
    echo "/health/ready: $ready"
    # The first admin key as docker-compose users make it (the image's entrypoint with `keys create`), then a
    # Wolverine endpoint with it: served by the pre-generated code (Static loading compiles nothing at run time).
    key=$(cd "$root/app" && dotnet Campaign.Api.dll keys create --role admin --owner docker@verify.example | tail -1)
    status=$(python3 -c 'import urllib.request,sys
print(urllib.request.urlopen(urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})).status)' \
      "http://127.0.0.1:$port/api/campaigns" "$key")
    echo "GET /api/campaigns with the key made by keys create: $status"
    [[ "$ready" == 200 && "$status" == 200 ]] || { cat "$root/node.log" >&2; exit 1; }
    exit 0
  fi
  kill -0 "$node" 2>/dev/null || { echo "The service stopped:" >&2; cat "$root/node.log" >&2; exit 1; }
  sleep 1
done
echo "No answer from /health/live in 120 s:" >&2; cat "$root/node.log" >&2; exit 1
