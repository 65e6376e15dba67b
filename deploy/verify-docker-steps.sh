#!/usr/bin/env bash
# Without a Docker engine: carries out deploy/Dockerfile's steps here, read from the Dockerfile itself, in a temporary
# folder standing for the image (its build stage's COPY, WORKDIR and RUN lines, then its ENV lines), starts the
# published service as the image would (Production, the generated code loaded statically) against the local
# PostgreSQL of deploy/run.sh (database campaign_docker) or the database given in ConnectionStrings__Marten, and asks
# it /health/live with the Dockerfile's own HEALTHCHECK command, then /health/ready, then an API call with a key made
# by `keys create`. Then it starts the same build as it was before `codegen write` (no generated code) with the same
# settings, which must refuse to start, naming the missing code: the generated code is loaded, never compiled at run
# time. Not verified here: the base images, the app user, docker-compose.yml. The suite runs it (Deploy/DockerImageTests).
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
    1:RUN)
      echo "RUN $args"; (cd "$dir" && bash -c "$(in_image "$args")")
      # The build codegen write ran from, before the code it generates is compiled in.
      if [[ "$args" == *"codegen write"* ]]; then
        cp -a "$(dirname "$(find "$dir/bin" -name Campaign.Api.dll | head -1)")" "$root/before-codegen"
      fi ;;
    2:ENV) for pair in $args; do export "${pair%%=*}=${pair#*=}"; done ;;
    2:HEALTHCHECK) healthcheck="$(sed -E 's/.* CMD (\[.*\])$/\1/' <<<"$args")" ;;
  esac
done
generated=$(find "$root/src/src/Campaign.Api/Internal/Generated" -name '*.cs' | wc -l)
echo "codegen write generated $generated files."
[[ $generated -gt 0 && -n "$healthcheck" ]] || { echo "No generated code or no HEALTHCHECK." >&2; exit 1; }

export ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Marten="$connection"
export Confidentiality__MasterKey="$(head -c 32 /dev/urandom | base64)" Audit__SigningKey="$(head -c 32 /dev/urandom | base64)"
[[ "${PreGeneratedCode:-}" == "true" ]] || { echo "The image does not set PreGeneratedCode=true." >&2; exit 1; }
[[ -f "$root/before-codegen/Campaign.Api.dll" ]] || { echo "No RUN step with codegen write." >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The image: its entrypoint, from its WORKDIR.
port=$(free_port)
(cd "$root/app" && ASPNETCORE_URLS="http://127.0.0.1:$port" exec dotnet Campaign.Api.dll) > "$root/node.log" 2>&1 &
node=$!
mapfile -t probe < <(python3 -c 'import json,sys; print("\n".join(json.loads(sys.argv[1])))' "$healthcheck")
healthy() { local check=("${probe[@]//8080/$1}"); "${check[@]}" 2>/dev/null; } # the HEALTHCHECK, on that port
answered=""
for _ in $(seq 1 120); do
  if healthy "$port"; then answered=yes; break; fi
  kill -0 "$node" 2>/dev/null || { echo "The service stopped:" >&2; cat "$root/node.log" >&2; exit 1; }
  sleep 1
done
[[ -n "$answered" ]] || { echo "No answer from /health/live in 120 s:" >&2; cat "$root/node.log" >&2; exit 1; }
echo "The Dockerfile's HEALTHCHECK passed: /health/live answered 200."
ready=$(python3 -c 'import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).status)' "http://127.0.0.1:$port/health/ready")
echo "/health/ready: $ready"
# The first admin key as docker-compose users make it (the image's entrypoint with `keys create`), then a
# Wolverine endpoint with it, which runs a command's handler too.
key=$(cd "$root/app" && dotnet Campaign.Api.dll keys create --role admin --owner docker@verify.example | tail -1)
status=$(python3 -c 'import urllib.request,sys
print(urllib.request.urlopen(urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})).status)' \
  "http://127.0.0.1:$port/api/campaigns" "$key")
echo "GET /api/campaigns with the key made by keys create: $status"
launched=$(python3 -c 'import urllib.request,sys
print(urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"{\"name\": \"Docker check\", \"country\": \"Kazakhstan\", \"region\": \"Almaty region\"}", method="POST",
  headers={"Authorization": "Bearer " + sys.argv[2], "Content-Type": "application/json"})).status)' \
  "http://127.0.0.1:$port/api/campaigns" "$key")
echo "POST /api/campaigns (a command through its handler): $launched"
[[ "$ready" == 200 && "$status" == 200 && "$launched" == 201 ]] || { cat "$root/node.log" >&2; exit 1; }
kill "$node"; wait "$node" 2>/dev/null || true; node=""

# The same settings without the generated code: static loading must refuse to start, naming what is missing.
port=$(free_port)
(cd "$root/before-codegen" && ASPNETCORE_URLS="http://127.0.0.1:$port" exec dotnet Campaign.Api.dll) > "$root/without.log" 2>&1 &
node=$!
for _ in $(seq 1 120); do
  kill -0 "$node" 2>/dev/null || break
  if healthy "$port"; then echo "Without the generated code the service started: it compiles at run time." >&2; exit 1; fi
  sleep 1
done
kill -0 "$node" 2>/dev/null && { echo "Without the generated code the service neither started nor failed in 120 s." >&2; exit 1; }
wait "$node" 2>/dev/null && { echo "Without the generated code the service stopped without an error." >&2; exit 1; }
node=""
grep -q "MissingPreBuiltTypesException.*TypeLoadMode.Static" "$root/without.log" \
  || { echo "Without the generated code the service failed otherwise:" >&2; cat "$root/without.log" >&2; exit 1; }
echo "Without the generated code it refuses to start: $(grep -o -m1 'running in TypeLoadMode.Static, but [0-9]* expected pre-built [a-zA-Z ]*type' "$root/without.log")s are missing."
