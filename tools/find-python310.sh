#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 needs Python < 3.11): PATH first, then pyenv.
set -u
for candidate in python3.10 "$(command -v pyenv >/dev/null 2>&1 && pyenv root)/versions"/3.10*/bin/python3.10 "$HOME"/.pyenv/versions/3.10*/bin/python3.10; do
  if path=$(command -v "$candidate" 2>/dev/null) && "$path" -c 'import sys, venv; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    echo "$path"
    exit 0
  fi
done
cat >&2 <<'MSG'
realtalk needs Python 3.10 (Rasa 3.6 does not run on 3.11 or newer), and none was found
on PATH or in pyenv. Install one, then run make again:
  with pyenv:   pyenv install 3.10      (https://github.com/pyenv/pyenv#installation)
  or build it:  sudo apt-get install build-essential libssl-dev zlib1g-dev libbz2-dev \
                  libreadline-dev libsqlite3-dev libffi-dev liblzma-dev && pyenv install 3.10
MSG
exit 1
