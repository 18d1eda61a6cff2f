// End-to-end tests run whole services as processes.
jest.setTimeout(300_000);
