#!/usr/bin/env bash
# Builds the fraud demo's images into minikube's own image store, where the dev stack's pods find them
# (imagePullPolicy IfNotPresent): no registry, no push. `npm run up` runs it for a minikube stack; run
# it alone after changing an app. The tags are DEFAULT_FRAUD_DEMO_IMAGES in components/demo/fraud-demo-args.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v minikube >/dev/null 2>&1; then
  echo "minikube is not installed: the fraud demo's images cannot be built into it (https://minikube.sigs.k8s.io/docs/start/)" >&2
  exit 127
fi
echo "building the fraud demo's images into minikube (a few minutes the first time)" >&2
minikube image build -t streaming-platform/fraud-generator:dev -f apps/generator/Dockerfile .
minikube image build -t streaming-platform/fraud-actor:dev -f apps/actor/Dockerfile .
minikube image build -t streaming-platform/fraud-job-artifacts:dev -f artifacts.Dockerfile apps/fraud-job
