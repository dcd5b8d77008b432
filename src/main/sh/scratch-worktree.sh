# Sourced by gate.sh and gate-proof.sh. `scratch_dir NAME` makes a temporary directory, $scratch,
# for git worktrees of other commits (`git worktree add "$scratch/DIR" REV`), and removes it with
# every worktree in it however the script ends (Ctrl-C and kill included).
scratch_dir() {
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/$1-XXXXXX")
  trap scratch_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

scratch_cleanup() {
  local tree
  for tree in "$scratch"/*/; do
    git worktree remove --force "$tree" >/dev/null 2>&1 || true
  done
  rm -rf "$scratch"
  git worktree prune >/dev/null 2>&1 || true
}
