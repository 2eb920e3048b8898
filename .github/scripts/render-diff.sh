#!/usr/bin/env bash
# Renders every stack of two checkouts of this project offline and diffs the renders:
#   render-diff.sh <head checkout> <base checkout> <out folder>
# Each checkout needs its node_modules (npm ci). Writes <out>/head/<stack> and <out>/base/<stack>
# (what `npm run render` writes), <out>/render.diff (diff -ruN base head), <out>/logs/ (the render of a
# stack that failed) and <out>/summary.md (a line per stack, Markdown). A stack is every
# Pulumi.<stack>.yaml of either checkout. Exits 1 when a stack of head does not render; a base that
# does not render is reported, not failed: the change may be what fixes it.
set -euo pipefail
usage="usage: render-diff.sh <head checkout> <base checkout> <out folder>"
[ $# -eq 3 ] || { echo "$usage" >&2; exit 2; }
stacks_sh="$(cd "$(dirname "$0")" && pwd)/stacks.sh"
head=$(cd "$1" && pwd)
base=$(cd "$2" && pwd)
if [ -e "$3" ] && [ -n "$(ls -A "$3")" ]; then
  echo "render-diff.sh: $3 must be a missing or empty folder" >&2
  exit 2
fi
mkdir -p "$3/head" "$3/base" "$3/logs"
out=$(cd "$3" && pwd)

head_stacks=$("$stacks_sh" "$head")
base_stacks=$("$stacks_sh" "$base")
mapfile -t stacks < <(printf '%s\n%s\n' "$head_stacks" "$base_stacks" | grep -v '^$' | LC_ALL=C sort -u)

# render <checkout> <side> <stack>: 0 when it rendered, 1 when it failed (its output in logs/), 2 when
# the checkout has no such stack.
render() {
  [ -f "$1/Pulumi.$3.yaml" ] || return 2
  if (cd "$1" && npm run --silent render -- --stack "$3" --out "$out/$2/$3" --quiet) >"$out/logs/$2-$3.log" 2>&1; then
    rm "$out/logs/$2-$3.log"
    return 0
  fi
  return 1
}

# files <n>: "1 file", "2 files"
files() { if [ "$1" -eq 1 ]; then echo "1 file"; else echo "$1 files"; fi; }

# requests <render folder>: what the stack asks of the cluster, from the render's summary.json.
requests() {
  # shellcheck disable=SC2016 # JavaScript, with a template literal of its own
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).requests;
    console.log(`${r.cpuMillicores}m CPU, ${r.memoryMiB}Mi memory`)' "$1/summary.json"
}

failed=0
summary=()
for stack in "${stacks[@]}"; do
  echo "rendering $stack"
  # Both at once: each render is a Node.js process of its own, mostly starting up.
  render "$head" head "$stack" &
  head_pid=$!
  render "$base" base "$stack" &
  base_pid=$!
  head_rc=0; wait "$head_pid" || head_rc=$?
  base_rc=0; wait "$base_pid" || base_rc=$?
  # A side without the stack, or whose render failed, compares as an empty folder.
  mkdir -p "$out/head/$stack" "$out/base/$stack"
  if [ $head_rc -eq 1 ]; then
    failed=1
    summary+=("- \`$stack\`: **does not render** in this branch:" "" '  ```' "$(sed 's/^/  /' "$out/logs/head-$stack.log")" '  ```')
    continue
  fi
  if [ $head_rc -eq 2 ]; then
    summary+=("- \`$stack\`: removed (only the base branch has \`Pulumi.$stack.yaml\`)")
    continue
  fi
  # Lines added and removed, without the diff's own file headers and the render's marker file.
  read -r files added removed < <(cd "$out" && { diff -ruN -x .streaming-platform-render "base/$stack" "head/$stack" || [ $? -eq 1 ]; } |
    awk '/^diff /{f++} /^(\+\+\+|---) /{next} /^\+/{a++} /^-/{r++} END{print f+0, a+0, r+0}')
  case $base_rc in
    2) summary+=("- \`$stack\`: new (only this branch has \`Pulumi.$stack.yaml\`): $(files "$files"), requests $(requests "$out/head/$stack")") ;;
    1) summary+=("- \`$stack\`: the base branch's does not render (\`logs/base-$stack.log\`), so all of it shows as new: $(files "$files"), requests $(requests "$out/head/$stack")") ;;
    *) if [ "$files" -eq 0 ]; then
         summary+=("- \`$stack\`: unchanged")
       else
         line="- \`$stack\`: $(files "$files") changed, +$added −$removed lines"
         before=$(requests "$out/base/$stack")
         after=$(requests "$out/head/$stack")
         [ "$before" = "$after" ] || line+="; requests $before → $after"
         summary+=("$line")
       fi ;;
  esac
done

# Without the files' modification times, which differ on every run and say nothing.
(cd "$out" && { diff -ruN -x .streaming-platform-render base head || [ $? -eq 1 ]; }) |
  sed -E 's/^((\+\+\+|---) [^\t]+)\t.*$/\1/' >"$out/render.diff"
printf '%s\n' "${summary[@]}" >"$out/summary.md"
cat "$out/summary.md"
exit $failed
