"""Open sets of named data that behave like string enums (credit systems; level frameworks can
use the same base).

A :class:`RegisteredKey` subclass keeps a registry ``key -> member``; each member is a ``str``
equal to its key, with ``.value``, ``.name``, bilingual labels from the registered data,
iteration over the class, pickling by key and a pydantic schema that accepts the key.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Protocol, TypeVar


class _Spec(Protocol):
    @property
    def key(self) -> str: ...


class _Named(Protocol):
    @property
    def name_en(self) -> str: ...

    @property
    def name_ja(self) -> str: ...


_K = TypeVar("_K", bound="RegisteredKey")


class _RegistryMeta(type):
    """Makes a :class:`RegisteredKey` class iterable like an enum (over its registry)."""

    def __iter__(cls) -> Iterator[Any]:
        return iter(list(cls._members().values()))  # type: ignore[attr-defined]

    def __len__(cls) -> int:
        return len(cls._members())  # type: ignore[attr-defined]

    def __contains__(cls, item: object) -> bool:
        return isinstance(item, str) and str.__str__(item) in cls._members()  # type: ignore[attr-defined]


class RegisteredKey(str, metaclass=_RegistryMeta):
    """A registered key: ``Cls("KEY")`` returns the member, ``Cls.KEY`` is an attribute set at
    registration, and unknown keys raise ``ValueError`` (as for an enum)."""

    #: what the members are, for messages: ("credit system", "単位制度", pydantic error type)
    _what: ClassVar[tuple[str, str, str]] = ("key", "キー", "registered_key")

    @classmethod
    def _members(cls: type[_K]) -> dict[str, _K]:
        raise NotImplementedError

    @classmethod
    def _lookup(cls: type[_K], key: str) -> _K | None:
        return cls._members().get(key)

    def __new__(cls: type[_K], key: str) -> _K:
        if isinstance(key, cls):
            return key
        return cls._checked(key)

    @classmethod
    def _checked(cls: type[_K], key: str) -> _K:
        """``cls(key)``, typed."""
        found = cls._lookup(key) if isinstance(key, str) else None
        if found is None:
            raise ValueError(f"{key!r} is not a registered {cls._what[0]}; registered: "
                             f"{', '.join(cls._members())}")
        return found

    @classmethod
    def _make(cls: type[_K], key: str) -> _K:
        return str.__new__(cls, key)

    @classmethod
    def _register(cls: type[_K], spec: _Spec, specs: dict[str, Any], replace: bool) -> _K:
        """Record ``spec`` in ``specs`` and its member in the registry (the member made once:
        re-registering with ``replace=True`` keeps its identity)."""
        from ._errors import InvalidDataError

        if spec.key in specs and not replace:
            raise InvalidDataError(f"{cls._what[0]} {spec.key} is already registered (pass "
                                   f"replace=True) / {cls._what[1]} {spec.key} は登録済みです")
        member = cls._members().get(spec.key) or cls._make(spec.key)
        specs[spec.key] = spec
        cls._members()[spec.key] = member
        return member

    @classmethod
    def _unregister(cls, key: str, specs: dict[str, Any], builtin: frozenset[str] | set[str]
                    ) -> None:
        """Remove a registered key and its spec; built-in keys stay."""
        from ._errors import InvalidDataError

        if key in builtin:
            raise InvalidDataError(f"{key} is a built-in {cls._what[0]} / {key} は組み込みの"
                                   f"{cls._what[1]}です")
        specs.pop(key, None)
        cls._members().pop(key, None)

    @property
    def _data(self) -> _Named:
        raise NotImplementedError

    @property
    def value(self) -> str:
        """The key (as for a string enum)."""
        return str.__str__(self)

    @property
    def name(self) -> str:
        """Attribute-style name (the key with ``-`` as ``_``)."""
        return self.value.replace("-", "_")

    @property
    def label_en(self) -> str:
        """English name."""
        return self._data.name_en

    @property
    def label_ja(self) -> str:
        """Japanese name."""
        return self._data.name_ja

    def label(self, lang: str = "en") -> str:
        """Name in ``lang`` (``"ja"`` for Japanese, anything else for English)."""
        return self.label_ja if lang.lower().startswith("ja") else self.label_en

    def __str__(self) -> str:  # so that f-strings show the key
        return self.value

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}: {self.value!r}>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.value,))

    def __copy__(self: _K) -> _K:
        return self

    def __deepcopy__(self: _K, memo: dict[int, Any]) -> _K:
        return self

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import PydanticCustomError, core_schema

        what_en, what_ja, error_type = cls._what

        def coerce(value: str) -> RegisteredKey:
            try:
                return cls._checked(value)
            except ValueError:
                raise PydanticCustomError(
                    error_type,
                    "'{value}' is not a registered " + what_en + " ({known}) / 登録されていない"
                    + what_ja + "です",
                    {"value": value, "known": ", ".join(cls._members())}) from None
        return core_schema.no_info_after_validator_function(
            coerce, core_schema.str_schema(),
            serialization=core_schema.to_string_ser_schema(when_used="json"))
