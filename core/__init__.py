"""Plumbing every app shares: e-mail after commit, the refusal base class, the
client's address and the production guard of the demo and benchmark commands.

It imports only Django and the standard library, so any package may use it.
"""
