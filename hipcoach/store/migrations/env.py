"""Alembic environment, configured in code: no alembic.ini is needed.

At run time ``hipcoach.store.engine.run_migrations`` passes an open connection (with
foreign keys off, inside one transaction) in ``config.attributes["connection"]``.
For developers, ``sqlalchemy.url`` may be set instead, e.g.::

    python -c "from hipcoach.store.engine import alembic_config as c; \
        from alembic import command; command.revision(c('sqlite:///x.db'), 'msg', autogenerate=True)"
"""

from __future__ import annotations

from alembic import context

from hipcoach.store.models import Base

config = context.config


def _configure_and_run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite can alter little in place: copy-and-move tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    from hipcoach.store.engine import open_database

    url = config.get_main_option("sqlalchemy.url") or ""
    engine = open_database(url.removeprefix("sqlite:///"), foreign_keys=False)
    try:
        with engine.begin() as conn:
            _configure_and_run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported")
run()
