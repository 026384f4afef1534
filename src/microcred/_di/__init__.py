"""Data Integrity internals: keys, did:key, multibase, resolvers, cryptosuites, proofs, verifier.

Private package; the public names are re-exported by :mod:`microcred.signing`.
"""
