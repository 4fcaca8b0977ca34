"""The "which priority?" guide: walk the decision table in the data file.

Stateless: the caller passes the answers chosen so far (indexes, in order), and
gets back where they lead. The browser and the static page both use this.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import GuideAnswer, GuideQuestion, Policy, Priority


@dataclass(frozen=True)
class GuideStep:
    # (question, answer) pairs the visitor has given, in order.
    answered: tuple[tuple[GuideQuestion, GuideAnswer], ...]
    # The question to ask now, or None when the guide has finished.
    question: GuideQuestion | None
    # The suggested priority once finished; None if finished with no definition matching.
    priority: Priority | None

    @property
    def finished(self) -> bool:
        return self.question is None


class BadPath(ValueError):
    """The answers do not fit the questions (an index out of range, or too many)."""


def walk(policy: Policy, path: list[int] | tuple[int, ...]) -> GuideStep:
    question = policy.priority_guide[0]
    answered: list[tuple[GuideQuestion, GuideAnswer]] = []
    for index in path:
        if question is None:  # pragma: no mutate block (unreachable: the loop returns at an answer with no next question first)
            raise BadPath("more answers than questions")
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(question.answers):
            raise BadPath(f"no answer {index!r} to question {question.id!r}")
        answer = question.answers[index]
        answered.append((question, answer))
        if answer.next is None:
            priority = policy.priority(answer.priority) if answer.priority is not None else None
            if len(answered) != len(path):
                raise BadPath("more answers than questions")
            return GuideStep(tuple(answered), None, priority)
        question = policy.question(answer.next)
    return GuideStep(tuple(answered), question, None)


def all_paths(policy: Policy) -> list[tuple[int, ...]]:
    """Every complete path through the guide, for tests and the static page."""
    paths: list[tuple[int, ...]] = []

    def extend(path: tuple[int, ...]) -> None:
        step = walk(policy, path)
        if step.finished:
            paths.append(path)
            return
        for index in range(len(step.question.answers)):
            extend(path + (index,))

    extend(())
    return paths
