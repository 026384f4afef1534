"""Data Integrity internals: keys, did:key, multibase, resolvers, cryptosuites, proofs.

(The verifier is the pipeline in :mod:`microcred._verify`.)

Private package; the public names are re-exported by :mod:`microcred.signing`.
"""
