"""/sondage: polls (single or multiple choice, anonymous or not) and meeting evaluations."""

from bot.features.polls import (  # noqa: F401  (importing registers the handlers)
    anonymity,
    close,
    create,
    evaluation,
    settings,
    vote,
)
