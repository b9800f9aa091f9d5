"""Figures sections of the plan's delivery: the commitments with their progress, and the
OPCC's assessment summary, for the paper's period.

Both read the delivery page's own selectors (performance.delivery.selectors) with the paper's
period end as the day of reckoning, so a paper for a past quarter shows the status published
for that quarter (not a later one), and the paper and the page never disagree.
"""

from performance import selectors as performance_selectors
from performance.delivery.selectors import (
    assessment_summary,
    by_priority,
    commitments_by_kind,
    commitments_with_progress,
    delivery_summary,
)

from .figures import FigureBlock, FigureType, PaperContext, _check_priority, _priority, register

COMMITMENTS_TEMPLATE = "papers/figures/commitments.html"
ASSESSMENT_TEMPLATE = "papers/figures/assessment_summary.html"


def _check_optional_priority(context: PaperContext, subject: str) -> str:
    """A priority of the paper's plan, or empty for every priority."""
    return _check_priority(context, subject) if subject else ""


def _scope(context: PaperContext, subject: str) -> list:
    """The priorities a section covers: the one named, or every priority of the plan."""
    if subject:
        priority = _priority(context, subject)
        return [priority] if priority else []
    return list(context.plan.priorities.order_by("position")) if context.plan else []


def _commitments(context: PaperContext, subject: str) -> FigureBlock:
    if context.period is None:
        return FigureBlock(COMMITMENTS_TEMPLATE, empty="Give the paper’s period first.")
    priorities = _scope(context, subject)
    commitments = list(
        commitments_with_progress(
            priorities=priorities,
            as_of=context.period.end,
            user=context.user,
            show_drafts=context.show_drafts,
        )
    )
    if not commitments:
        return FigureBlock(
            COMMITMENTS_TEMPLATE,
            empty=_check_optional_priority(context, subject)
            or "No commitments have been entered for this plan.",
        )
    sections = [
        (section, commitments_by_kind(section.commitments)) for section in by_priority(commitments)
    ]
    summary = delivery_summary(commitments)
    block = FigureBlock(
        COMMITMENTS_TEMPLATE,
        {"summary": summary, "sections": sections, "as_of": context.period.end},
    )
    if summary.reported == 0:
        block.empty = (
            f"No progress on these commitments had been published by "
            f"{context.period.end:%-d %B %Y}."
        )
    return block


def _assessment_summary(context: PaperContext, subject: str) -> FigureBlock:
    if context.period is None:
        return FigureBlock(ASSESSMENT_TEMPLATE, empty="Give the paper’s period first.")
    priorities = performance_selectors.priorities_with_measures(plan=context.plan)
    if subject:
        priorities = priorities.filter(code=subject)
    measures = [m for p in priorities for m in p.measures.all()]
    if not measures:
        return FigureBlock(
            ASSESSMENT_TEMPLATE,
            empty=_check_optional_priority(context, subject) or "The plan has no measures.",
        )
    summary = assessment_summary(
        measures=measures,
        as_of=context.period.end,
        user=context.user,
        show_drafts=context.show_drafts,
    )
    block = FigureBlock(ASSESSMENT_TEMPLATE, {"summary": summary})
    if summary.assessed == 0:
        block.empty = (
            f"The OPCC has published no assessment of these measures for the quarter to "
            f"{context.period.end:%-d %B %Y}."
        )
    return block


register(
    FigureType(
        "commitments",
        "Commitments and their progress",
        COMMITMENTS_TEMPLATE,
        _commitments,
        subject_label="priority code (empty for the whole plan)",
        check_subject=_check_optional_priority,
        draws_figures=False,
    )
)
register(
    FigureType(
        "assessment-summary",
        "The OPCC’s assessment summary (counts by grade, measures of concern)",
        ASSESSMENT_TEMPLATE,
        _assessment_summary,
        subject_label="priority code (empty for the whole plan)",
        check_subject=_check_optional_priority,
    )
)
