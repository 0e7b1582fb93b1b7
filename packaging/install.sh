#!/bin/sh
# Put this HipCoach folder in the application menu: the menu entry, AppStream metainfo,
# icons and the man page. The menu entry starts the hipcoach executable next to this script.
#
#   ./install.sh                      for you (in ~/.local/share)
#   sudo ./install.sh --prefix /usr/local    for everyone on this computer
#   ./install.sh --uninstall [--prefix DIR]  take them out again
set -e
here=$(dirname "$(readlink -f "$0")")
if [ "${1:-}" = "--uninstall" ]; then
    shift
    exec "$here/hipcoach" desktop uninstall "$@"
fi
exec "$here/hipcoach" desktop install "$@"
