"""One module per vendor: request models, endpoint calls, and the vendor's status table."""
