"""The client's own bridge: invitations (personal links), the client's own answers, attempts."""
