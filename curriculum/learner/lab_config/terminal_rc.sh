# The shell of a terminal in the learner's lab (File > New > Terminal): your usual bash set-up first, then the
# course's tools first on PATH, so `curriculum progress` and the other commands the course prints work here.
# A login shell would not do: Debian's /etc/profile resets PATH, and `curriculum` would be "command not found".
[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
[ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"
if [ -n "$CURRICULUM_ROOT" ] && [ -d "$CURRICULUM_ROOT/.venv/bin" ]; then
  export PATH="$CURRICULUM_ROOT/.venv/bin:$PATH"
fi
