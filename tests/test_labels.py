"""Bilingual enum labels (microcred._labels): every member of every labelled enum has its own
English and Japanese label, also when another enum has a member with the same value."""

from __future__ import annotations

import enum
from typing import Any

import pytest

import microcred.stack  # noqa: F401  (registers the model's and the stack's labels)
from microcred._labels import BilingualLabels, register_labels
from microcred._model import AssessmentKind, PathwayModel, ProviderKind, RecognitionKind


def _labelled() -> list[type[Any]]:
    found, todo = [], list(BilingualLabels.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if issubclass(cls, enum.Enum):
            found.append(cls)
    return found


def test_every_member_of_every_labelled_enum_has_both_labels() -> None:
    classes = _labelled()
    assert AssessmentKind in classes and RecognitionKind in classes
    for cls in classes:
        for member in cls:
            assert member.label("en") and member.label("ja"), member


def test_equal_values_in_different_enums_keep_their_own_labels() -> None:
    # AssessmentKind.OTHER, ProviderKind.OTHER and RecognitionKind.OTHER are all "other"
    assert AssessmentKind.OTHER == RecognitionKind.OTHER  # (why a member-keyed registry broke)
    assert AssessmentKind.OTHER.label() == "Other"
    assert ProviderKind.OTHER.label("ja") == "その他"
    assert RecognitionKind.OTHER.label() == "Other recognition"
    assert AssessmentKind.RECOGNITION_OF_PRIOR_LEARNING.label("ja") == "既修得学習の認定"
    assert PathwayModel.RECOGNITION_OF_PRIOR_LEARNING.label() == "Recognition of prior learning"


def test_one_enum_class_per_registration() -> None:
    with pytest.raises(TypeError, match="one enum class"):
        register_labels({ProviderKind.OTHER: ("a", "b"), AssessmentKind.TESTING: ("c", "d")})
