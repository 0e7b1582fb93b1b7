"""One script per schema revision; ``hipcoach.store.schema.REVISIONS`` lists them."""
