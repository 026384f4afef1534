"""Batch work: issue, sign and verify many credentials, on one core or on a cluster.

Each function takes an iterable of records and returns one :class:`BatchItem` per record, in
input order. A record that fails (a bad descriptor, a document that cannot be signed) becomes
an item with ``error`` set; the rest go on. Verification never raises: a credential that does
not verify is an item whose ``value`` is a :class:`~microcred.VerificationResult` with
``verified`` False.

Work is cut into chunks of ``chunk_size`` records. Without an ``executor`` the chunks run here,
one after the other; with one, each chunk is a task ``executor.submit(...)``: any
:class:`concurrent.futures.Executor` works, e.g. a
:class:`~concurrent.futures.ProcessPoolExecutor` on one machine or
``distributed.Client(...).get_executor()`` on a Dask cluster. Everything a task carries
(records, the signer, options such as a resolver) must pickle; at most ``max_pending`` chunks
are in flight, so a long input is never held all at once by the executor. The signer and the
options are pickled once per batch and unpickled once per worker process (kept for the next
chunks), so a loader's processed contexts and a status checker's verified lists are built once
per process, not once per chunk.

``progress(done, total)`` is called after each chunk (``total`` is None when the input has no
length). The ``iter_*`` forms yield items in order as they are ready (for streaming output);
the ``*_many`` forms return a list.

>>> import microcred as mc
>>> from microcred import batch
>>> key = mc.Ed25519Key.from_seed(bytes(32))
>>> items = batch.verify_many([{"not": "a credential"}])
>>> items[0].ok, items[0].error is None, items[0].value.verified
(False, True, False)
"""

from __future__ import annotations

import pickle
import threading
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from itertools import islice
from typing import Any

__all__ = [
    "BatchItem",
    "issue_many",
    "iter_issue",
    "iter_sign",
    "iter_verify",
    "iter_verify_presentations",
    "sign_many",
    "verify_many",
    "verify_presentations_many",
]

#: ``progress(done, total)``; ``total`` is None when the input has no length.
Progress = Callable[[int, "int | None"], None]

DEFAULT_CHUNK_SIZE = 32

#: Members of an issue record that go to :func:`microcred.ob3.from_micro_credential`.
_ISSUE_FIELDS = ("subject_id", "valid_from", "valid_until", "achievement_id", "name")


@dataclass(frozen=True)
class BatchItem:
    """The outcome of one record.

    ``index`` is the record's position in the input; ``value`` the signed credential (a dict,
    or a compact JWS for VC-JWT) or the :class:`~microcred.VerificationResult`; ``error`` a
    one-line message when the record could not be processed (``error_type`` names the
    exception class).
    """

    index: int
    value: Any = None
    error: str | None = None
    error_type: str | None = None

    @property
    def failed(self) -> bool:
        """True when the record could not be processed at all."""
        return self.error is not None

    @property
    def ok(self) -> bool:
        """Processed, and (for a verification) verified."""
        if self.error is not None:
            return False
        return bool(getattr(self.value, "verified", True))

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (a verification result as its ``as_dict()``)."""
        out: dict[str, Any] = {"index": self.index, "ok": self.ok}
        if self.error is not None:
            out["error"] = {"type": self.error_type, "message": self.error}
        elif hasattr(self.value, "as_dict"):
            out["result"] = self.value.as_dict()
        else:
            out["credential"] = self.value
        return out


# -- what every task of a batch shares ------------------------------------------------------

#: Per process: the signer and options of the batches seen last, by batch token.
_SHARED: OrderedDict[str, tuple[Any, Mapping[str, Any]]] = OrderedDict()
_SHARED_LOCK = threading.Lock()
_SHARED_KEEP = 4


class _Shared:
    """The signer and options of one batch. In this process they are used as they are (a
    thread pool needs nothing to pickle); pickled, they travel as one blob made once per
    batch, and a worker process unpickles a batch's blob once and keeps the objects for the
    batch's later chunks (the last few batches are kept)."""

    def __init__(self, signer: Any, options: Mapping[str, Any]) -> None:
        self.token = uuid.uuid4().hex
        self._value: tuple[Any, Mapping[str, Any]] | None = (signer, options)
        self._blob: bytes | None = None

    def __getstate__(self) -> dict[str, Any]:
        if self._blob is None:
            self._blob = pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL)
        return {"token": self.token, "blob": self._blob}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.token, self._blob, self._value = state["token"], state["blob"], None

    def get(self) -> tuple[Any, Mapping[str, Any]]:
        """(signer, options): the originals here, the process's own copy in a worker."""
        if self._value is not None:
            return self._value
        with _SHARED_LOCK:
            value = _SHARED.get(self.token)
            if value is None:
                assert self._blob is not None
                value = pickle.loads(self._blob)
                _SHARED[self.token] = value
                while len(_SHARED) > _SHARED_KEEP:
                    _SHARED.popitem(last=False)
            else:
                _SHARED.move_to_end(self.token)
        return value


# -- the per-chunk work (module level: it must pickle) ----------------------------------------


#: At most this many lines of an exception's message (an InvalidDataError lists one problem a
#: line) go into a BatchItem's one-line ``error``.
_ERROR_LINES = 8


def _error(index: int, exc: BaseException) -> BatchItem:
    lines = [line.strip() for line in str(exc).split("\n") if line.strip()]
    lines[1:] = [line for line in lines[1:] if lines[0] not in line]  # (said once)
    more = len(lines) - _ERROR_LINES
    message = "; ".join(lines[:_ERROR_LINES]) + (f"; (+{more} more)" if more > 0 else "")
    return BatchItem(index, None, message or type(exc).__name__, type(exc).__name__)


def _sign_chunk(chunk: Sequence[tuple[int, Any]], shared: _Shared) -> list[BatchItem]:
    from . import sign

    signer, options = shared.get()
    items = []
    for index, document in chunk:
        try:
            items.append(BatchItem(index, sign(document, signer, **options)))
        except Exception as exc:  # a bad record is an error entry; the rest go on
            items.append(_error(index, exc))
    return items


def _verify_chunk(chunk: Sequence[tuple[int, Any]], shared: _Shared) -> list[BatchItem]:
    from ._dispatch import verify_one

    _, options = shared.get()
    items = []
    for index, document in chunk:
        try:
            items.append(BatchItem(index, verify_one(document, **options)))
        except Exception as exc:  # verify() does not raise; a hook passed in options might
            items.append(_error(index, exc))
    return items


def _presentation_chunk(chunk: Sequence[tuple[int, Any]],
                        shared: _Shared) -> list[BatchItem]:
    from .presentation import verify_presentation

    _, options = shared.get()
    items = []
    for index, document in chunk:
        try:
            items.append(BatchItem(index, verify_presentation(document, **options)))
        except Exception as exc:  # verify_presentation() does not raise; a hook might
            items.append(_error(index, exc))
    return items


def _issue_chunk(chunk: Sequence[tuple[int, Any]], shared: _Shared) -> list[BatchItem]:
    signer, options = shared.get()
    items = []
    for index, record in chunk:
        try:
            items.append(BatchItem(index, _issue_one(record, signer, options)))
        except Exception as exc:  # a bad record is an error entry; the rest go on
            items.append(_error(index, exc))
    return items


def _issue_one(record: Any, signer: Any, options: Mapping[str, Any]) -> Any:
    from pydantic import ValidationError

    from . import MicroCredential, issue_vc_jwt, ob3, sign
    from ._errors import InvalidDataError

    if isinstance(record, Mapping) and "descriptor" in record:
        unknown = sorted(set(record) - {"descriptor", "id", *_ISSUE_FIELDS}, key=str)
        if unknown:  # a misspelt subject_id must not issue a credential without its learner
            raise InvalidDataError(
                f"unknown member(s) {', '.join(map(repr, unknown))} in the record; it takes "
                f"descriptor, id, {', '.join(_ISSUE_FIELDS)}")
        descriptor: Any = record["descriptor"]
        credential_id = record.get("id")
        extra = {k: record[k] for k in _ISSUE_FIELDS if record.get(k) is not None}
    else:
        descriptor, credential_id, extra = record, None, {}
    model = descriptor if isinstance(descriptor, MicroCredential) else MicroCredential.parse(
        descriptor)
    for name in ("valid_from", "valid_until"):
        if isinstance(extra.get(name), str):
            try:
                extra[name] = ob3.parse_datetime(extra[name])
            except ValueError:
                raise InvalidDataError(f"{name}: {extra[name]!r} is not an ISO 8601 "
                                       "date-time") from None
    issuer = options.get("issuer")
    if issuer is None:
        key = getattr(signer, "key", None)
        issuer = getattr(key, "did", None)
        if issuer is None:
            raise ValueError("issuer= is required for a signer without a did:key")
    try:
        doc = ob3.from_micro_credential(
            model, credential_id=credential_id or f"urn:uuid:{uuid.uuid4()}", issuer=issuer,
            **extra).to_jsonld()
    except ValidationError as exc:  # e.g. a subject_id that is not a URI
        raise InvalidDataError.from_pydantic(exc, f"OB 3.0 {exc.title}") from None
    if options.get("format", "di") == "jwt":
        return issue_vc_jwt(doc, signer)
    return sign(doc, signer, **options.get("sign_options", {}))


# -- the driver -------------------------------------------------------------------------------


def _check_options(function: Callable[..., Any], options: Mapping[str, Any],
                   passed_on: Iterable[str] = ()) -> None:
    """An option ``function`` does not take (by name, or in ``passed_on``: what it hands on
    to another function) is a TypeError now, not one error per record."""
    import inspect

    params = inspect.signature(function).parameters
    known = {name for name, p in params.items() if p.kind is p.KEYWORD_ONLY} | set(passed_on)
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"{function.__name__}() has no option {', '.join(map(repr, unknown))}; "
                        f"it takes {', '.join(sorted(known))}")


def _chunks(records: Iterable[Any], size: int) -> Iterator[list[tuple[int, Any]]]:
    numbered = enumerate(records)
    while chunk := list(islice(numbered, size)):
        yield chunk


def _run(work: Callable[..., list[BatchItem]], records: Iterable[Any], signer: Any,
         options: Mapping[str, Any], *, executor: Executor | None, chunk_size: int,
         progress: Progress | None, max_pending: int | None) -> Iterator[BatchItem]:
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    total = len(records) if isinstance(records, Sized) else None
    done = 0
    shared = _Shared(signer, options)
    if executor is None:
        for chunk in _chunks(records, chunk_size):
            items = work(chunk, shared)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
            yield from items
        return
    if max_pending is None:
        max_pending = 2 * int(getattr(executor, "_max_workers", 0) or 8)
    pending: deque[tuple[list[tuple[int, Any]], Future[list[BatchItem]]]] = deque()
    chunks = _chunks(records, chunk_size)
    exhausted = False
    while True:
        while not exhausted and len(pending) < max(1, max_pending):
            try:
                chunk = next(chunks)
            except StopIteration:
                exhausted = True
                break
            try:
                pending.append((chunk, executor.submit(work, chunk, shared)))
            except Exception as exc:  # e.g. the task does not pickle: every record says so
                failed: Future[list[BatchItem]] = Future()
                failed.set_exception(exc)
                pending.append((chunk, failed))
        if not pending:
            return
        chunk, future = pending.popleft()
        try:
            items = future.result()
        except Exception as exc:  # a lost worker or a task that cannot travel
            items = [_error(index, exc) for index, _ in chunk]
        done += len(chunk)
        if progress is not None:
            progress(done, total)
        yield from items


# -- public API -----------------------------------------------------------------------------


def iter_sign(documents: Iterable[Any], signer: Any, *, executor: Executor | None = None,
              chunk_size: int = DEFAULT_CHUNK_SIZE, progress: Progress | None = None,
              max_pending: int | None = None, **options: Any) -> Iterator[BatchItem]:
    """:func:`microcred.sign` each document with ``signer`` and ``options`` (the keyword
    options of :func:`microcred.sign`); items in order."""
    from . import sign

    _check_options(sign, options)
    return _run(_sign_chunk, documents, signer, options, executor=executor,
                chunk_size=chunk_size, progress=progress, max_pending=max_pending)


def sign_many(documents: Iterable[Any], signer: Any, *, executor: Executor | None = None,
              chunk_size: int = DEFAULT_CHUNK_SIZE, progress: Progress | None = None,
              max_pending: int | None = None, **options: Any) -> list[BatchItem]:
    """:func:`iter_sign` as a list: one :class:`BatchItem` per document, in order."""
    return list(iter_sign(documents, signer, executor=executor, chunk_size=chunk_size,
                          progress=progress, max_pending=max_pending, **options))


def iter_verify(documents: Iterable[Any], *, executor: Executor | None = None,
                chunk_size: int = DEFAULT_CHUNK_SIZE, progress: Progress | None = None,
                max_pending: int | None = None, **options: Any) -> Iterator[BatchItem]:
    """:func:`microcred.verify` each document with ``options`` (the keyword options of
    :func:`microcred.verify`: ``resolver``, ``now``, ``loader``, ``status_checker``,
    ``proof_policy``...); items in order, each with its :class:`~microcred.VerificationResult`
    as ``value``. An option ``verify`` does not take raises :class:`TypeError` at once.

    Open Badges 2.0 assertions may be mixed in (JSON, a signed compact JWS, or the URL of a
    hosted assertion): each goes to :func:`microcred.ob2.verify_ob2` with
    ``documents=ob2_documents`` (``{URL: document}``, what a verifier would have fetched:
    BadgeClass, Issuer, CryptographicKey, RevocationList, a hosted assertion's published
    copy; nothing is fetched), ``recipient`` (an identity every OB 2.0 assertion must name)
    and ``now``/``clock_skew``/``max_bytes``; the other options are for OB 3.0 only. With
    ``recipient`` given, a record that is not an OB 2.0 assertion is an error item
    (``RecipientNotApplicableError``): it has no recipient to compare."""
    from . import verify
    from ._dispatch import OB2_ONLY_OPTIONS

    _check_options(verify, options, OB2_ONLY_OPTIONS)
    return _run(_verify_chunk, documents, None, options, executor=executor,
                chunk_size=chunk_size, progress=progress, max_pending=max_pending)


def verify_many(documents: Iterable[Any], *, executor: Executor | None = None,
                chunk_size: int = DEFAULT_CHUNK_SIZE, progress: Progress | None = None,
                max_pending: int | None = None, **options: Any) -> list[BatchItem]:
    """:func:`iter_verify` as a list: one :class:`BatchItem` per document, in order."""
    return list(iter_verify(documents, executor=executor, chunk_size=chunk_size,
                            progress=progress, max_pending=max_pending, **options))


def iter_verify_presentations(presentations: Iterable[Any], *,
                              executor: Executor | None = None,
                              chunk_size: int = DEFAULT_CHUNK_SIZE,
                              progress: Progress | None = None, max_pending: int | None = None,
                              **options: Any) -> Iterator[BatchItem]:
    """:func:`microcred.verify_presentation` each presentation (its proof and every credential
    in it) with ``options`` (``challenge``, ``domain``, ``subject_binding``... and the
    credential options of :func:`microcred.verify`); items in order, each with its
    :class:`~microcred.PresentationResult` as ``value``."""
    from .presentation import _CREDENTIAL_OPTIONS, verify_presentation

    _check_options(verify_presentation, options, _CREDENTIAL_OPTIONS)
    return _run(_presentation_chunk, presentations, None, options, executor=executor,
                chunk_size=chunk_size, progress=progress, max_pending=max_pending)


def verify_presentations_many(presentations: Iterable[Any], *,
                              executor: Executor | None = None,
                              chunk_size: int = DEFAULT_CHUNK_SIZE,
                              progress: Progress | None = None, max_pending: int | None = None,
                              **options: Any) -> list[BatchItem]:
    """:func:`iter_verify_presentations` as a list: one :class:`BatchItem` per presentation."""
    return list(iter_verify_presentations(presentations, executor=executor,
                                          chunk_size=chunk_size, progress=progress,
                                          max_pending=max_pending, **options))


def iter_issue(records: Iterable[Any], signer: Any, *, issuer: Any = None,
               format: str = "di", executor: Executor | None = None,
               chunk_size: int = DEFAULT_CHUNK_SIZE, progress: Progress | None = None,
               max_pending: int | None = None, **sign_options: Any) -> Iterator[BatchItem]:
    """Issue each record as a signed Open Badges 3.0 credential; items in order.

    A record is a micro-credential descriptor (a :class:`~microcred.MicroCredential` or its
    JSON form), or a mapping ``{"descriptor": ..., "id": ..., "subject_id": ...,
    "valid_from": ..., "valid_until": ..., "achievement_id": ..., "name": ...}`` (all but
    ``descriptor`` optional; the credential id defaults to a fresh ``urn:uuid:``). ``issuer``
    defaults to the signer's did:key; ``format`` is ``"di"`` (``sign_options`` go to
    :func:`microcred.sign`) or ``"jwt"`` (VC-JWT).
    """
    if format not in ("di", "jwt"):
        raise ValueError(f"format must be 'di' or 'jwt', not {format!r}")
    from . import sign

    _check_options(sign, sign_options)
    options = {"issuer": issuer, "format": format, "sign_options": sign_options}
    return _run(_issue_chunk, records, signer, options, executor=executor,
                chunk_size=chunk_size, progress=progress, max_pending=max_pending)


def issue_many(records: Iterable[Any], signer: Any, *, issuer: Any = None,
               format: str = "di", executor: Executor | None = None,
               chunk_size: int = DEFAULT_CHUNK_SIZE, progress: Progress | None = None,
               max_pending: int | None = None, **sign_options: Any) -> list[BatchItem]:
    """:func:`iter_issue` as a list: one :class:`BatchItem` per record, in order."""
    return list(iter_issue(records, signer, issuer=issuer, format=format, executor=executor,
                           chunk_size=chunk_size, progress=progress, max_pending=max_pending,
                           **sign_options))
