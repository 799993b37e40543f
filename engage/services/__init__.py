"""The service layer: every change to the database goes through here, and so does every commit."""
