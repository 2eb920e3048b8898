#!/usr/bin/env bash
# Prints the stacks of a Pulumi project folder, one a line, sorted: the <stack> of each Pulumi.<stack>.yaml.
#   stacks.sh [project folder]
set -euo pipefail
dir="${1:-.}"
[ -d "$dir" ] || { echo "stacks.sh: $dir is not a folder" >&2; exit 2; }
for file in "$dir"/Pulumi.*.yaml; do
  [ -f "$file" ] || continue
  name="${file##*/}"
  name="${name#Pulumi.}"
  name="${name%.yaml}"
  # Pulumi's rule for stack names; the workflow puts them into JSON and command lines unquoted.
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "stacks.sh: $file: \"$name\" is not a stack name (letters, digits, . _ -)" >&2; exit 2; }
  echo "$name"
done | LC_ALL=C sort
