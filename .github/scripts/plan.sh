#!/usr/bin/env bash
# Which stacks the pull-request workflow runs `pulumi preview` for, or why it runs none.
#   plan.sh <project folder>
# Reads HAS_PULUMI_TOKEN ("true" when the PULUMI_ACCESS_TOKEN secret reaches this run) and
# PULUMI_PREVIEW_STACKS (a repository variable: the stacks to preview, separated by spaces or commas;
# every stack when empty). Appends preview=true|false and preview-stacks=<JSON array> to $GITHUB_OUTPUT.
set -euo pipefail
dir="${1:?usage: plan.sh <project folder>}"
output="${GITHUB_OUTPUT:?GITHUB_OUTPUT must name the file that receives the step outputs}"
list=$("$(dirname "$0")/stacks.sh" "$dir")
mapfile -t stacks <<<"$list"
[ -n "$list" ] || stacks=()

wanted=()
if [ -n "${PULUMI_PREVIEW_STACKS:-}" ]; then
  read -r -a wanted <<<"${PULUMI_PREVIEW_STACKS//,/ }"
  for stack in "${wanted[@]}"; do
    if [[ " ${stacks[*]} " != *" $stack "* ]]; then
      message="PULUMI_PREVIEW_STACKS: no stack \"$stack\" (no Pulumi.$stack.yaml); stacks: ${stacks[*]}"
      echo "::error title=PULUMI_PREVIEW_STACKS::$message"
      echo "$message" >&2
      exit 1
    fi
  done
else
  wanted=("${stacks[@]}")
fi

json="[]"
if [ ${#wanted[@]} -gt 0 ]; then
  json="[$(printf '"%s",' "${wanted[@]}")"
  json="${json%,}]"
fi

preview=true
if [ "${HAS_PULUMI_TOKEN:-false}" != true ]; then
  preview=false
  echo "::notice title=pulumi preview skipped::No PULUMI_ACCESS_TOKEN secret reached this run (none is set, or the pull request comes from a fork, whose runs get no secrets), so pulumi preview did not run. The offline render of every stack did: see the render job and its artifact."
elif [ ${#wanted[@]} -eq 0 ]; then
  preview=false
  echo "::notice title=pulumi preview skipped::There is no Pulumi.<stack>.yaml in $dir, so there is no stack to preview."
else
  echo "pulumi preview for: ${wanted[*]}"
fi
{
  echo "preview=$preview"
  echo "preview-stacks=$json"
} >>"$output"
