"""Desktop integration without Qt: installing the menu entry, metainfo, icons and man page.

- ``install``     which files go where, the ``Exec`` line, install / uninstall
- ``manpage``     the man page, written from the command line's own argument parsers
- ``desktop_cmd`` ``hipcoach desktop install|uninstall``
"""

APP_ID = "io.github.hipcoach.HipCoach"
