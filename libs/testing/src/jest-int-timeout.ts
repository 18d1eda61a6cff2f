// Integration tests wait on a real broker and database: generous, but bounded.
jest.setTimeout(120_000);
