#!/usr/bin/env bash
# npm run up | npm run preview: the real Pulumi workflow for the dev stack (or PULUMI_STACK), with a
# local state backend unless the user has logged in elsewhere.
set -euo pipefail
command="${1:?usage: scripts/pulumi.sh up|preview [pulumi flags]}"
shift
if ! command -v pulumi >/dev/null 2>&1; then
  cat >&2 <<'MSG'
The Pulumi CLI is not installed, so nothing was deployed.
Install it (https://www.pulumi.com/docs/iac/download-install/), e.g.:
  curl -fsSL https://get.pulumi.com | sh        # or: brew install pulumi/tap/pulumi
and start a cluster for the dev stack:  minikube start --cpus 4 --memory 8g
To see what the stack would create without the CLI:  npm run render -- --stack dev
MSG
  exit 127
fi
cd "$(dirname "$0")/.."
stack="${PULUMI_STACK:-dev}"
if ! pulumi whoami >/dev/null 2>&1; then
  mkdir -p .pulumi
  export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$PWD/.pulumi}"
  # A local backend encrypts secrets with a passphrase; an empty one is fine for a laptop's dev stack.
  export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"
fi
pulumi stack select "$stack" 2>/dev/null || pulumi stack init "$stack"
# A minikube stack with the fraud demo runs images that only exist once built into minikube.
stack_file="Pulumi.$stack.yaml"
if [ "$command" = up ] && grep -q '^  streaming-platform:target: minikube' "$stack_file" && grep -q '^  streaming-platform:demo:' "$stack_file"; then
  bash scripts/demo-images.sh
fi
exec pulumi "$command" --stack "$stack" "$@"
