# Sourced (not run) by the bench scripts that time bnlab against PyTorch, from the repository root:
# `bench_setup NAME` checks for Debian's python3 (and says what to install, prefixed by NAME), makes
# a temporary folder removed on exit, builds the jar outside the timings, and sets
#   py   the python3 to run PyTorch with
#   work the temporary folder
#   cpu  the CPU's model name, for the first line of a report
bench_setup() {
  py=/usr/bin/python3
  if [[ ! -x "$py" ]]; then
    echo "$1: $py not found; install Debian's PyTorch: sudo apt-get install python3-torch python3-torchvision libopenblas0-pthread" >&2
    exit 1
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  ./bnlab --version >/dev/null   # builds the jar first, outside the timings
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
}
