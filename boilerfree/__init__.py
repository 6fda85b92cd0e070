"""boilerfree: remove boilerplate (paywalls, pricing, disclaimers, promos, navigation) from web and news pages.

>>> import boilerfree
>>> text = boilerfree.clean(html_or_text)
>>> for block in boilerfree.classify(html_or_text):
...     print(block.label, round(block.score, 3), block.text[:60])
>>> model = boilerfree.train(pages, base=boilerfree.load_model())  # adapt to a publisher (pages: LabelledPage)
>>> print(boilerfree.evaluate("labels.jsonl", compare=["trafilatura"]).table())  # score it, beside a peer
"""

from __future__ import annotations

from .blocks import Block
from .clean import classify, clean
from .errors import BoilerfreeError, InputError, LimitError, ModelError
from .evaluate import Evaluation, evaluate
from .labels import BOILERPLATE_LABELS, LABEL_DESCRIPTIONS, LABELS
from .learn import train
from .limits import Limits
from .model import Model, load_model

__version__ = "0.1.0"

__all__ = [
    "BOILERPLATE_LABELS",
    "LABELS",
    "LABEL_DESCRIPTIONS",
    "Block",
    "BoilerfreeError",
    "Evaluation",
    "InputError",
    "LimitError",
    "Limits",
    "Model",
    "ModelError",
    "classify",
    "clean",
    "evaluate",
    "load_model",
    "train",
]
