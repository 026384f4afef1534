"""Data Integrity internals: keys, did:key, multibase, resolvers, cryptosuites, proofs (the verifier is microcred._verify).

Private package; the public names are re-exported by :mod:`microcred.signing`.
"""
