"""What the acceptance steps stand on: a driver for the API and a reader for its mail."""
