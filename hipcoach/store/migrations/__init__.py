"""Alembic migrations for the HipCoach database (run by ``engine.run_migrations``)."""
