"""Templates that start a new paper with the right sections, in the published papers' order.

The Performance Monitoring Report follows the December 2020 panel paper heading by heading,
with a measures table for each priority of the plan in force at the paper's period end placed
under Performance Headlines; the PCC Update Report follows the December 2021 one.
"""

from dataclasses import dataclass

from panel.models import HeadingLevel, SectionKind
from pcc_portal.identity import site_identity

# The address of the scrutiny meetings' papers is the office's own (fixtures/site.yaml).
BACKGROUND = (
    "1. The Police and Crime Commissioner has a responsibility to hold the Chief Constable to "
    "account for the Constabulary's performance as against the Police and Crime Plan "
    "priorities by means of the quarterly Strategic Scrutiny meeting.\n"
    "1. This link <{scrutiny_url}> details the Scrutiny papers received "
    "from the Chief Constable and the note of the meeting records the PCC holding the Chief "
    "Constable to account.\n"
    "1. The Panel are therefore referred to the Scrutiny meetings and may through today's "
    "meeting ask the Police and Crime Commissioner issues they feel relevant to the Scrutiny "
    "activity.\n"
)
RECOMMENDATION = (
    "1. Panel Members are recommended to consider the information contained in this report, "
    "and the information provided within the meeting, and comment accordingly.\n"
)


def narrative(heading: str, text: str = "", level: int = HeadingLevel.SECTION) -> dict:
    return {"kind": SectionKind.NARRATIVE, "heading": heading, "text": text, "heading_level": level}


def figures_section(heading: str, figure: str, subject: str = "", level: int = 3) -> dict:
    return {
        "kind": SectionKind.FIGURES,
        "heading": heading,
        "figure": figure,
        "subject": subject,
        "heading_level": level,
    }


@dataclass(frozen=True)
class PaperTemplate:
    code: str
    label: str
    title: str
    executive_summary: str
    recommendation: str
    headings: tuple[tuple[str, int], ...]
    # Where the plan's priority tables go: after the heading of this name.
    priorities_after: str = ""

    def sections_for(self, paper) -> list[dict]:
        from .figures import PaperContext, period_of

        plan = PaperContext(period=period_of(paper.period_start, paper.period_end)).plan
        sections = []
        for heading, level in self.headings:
            background = BACKGROUND.format(scrutiny_url=site_identity().scrutiny_url)
            text = {"Background": background, "Recommendation": RECOMMENDATION}.get(heading, "")
            sections.append(narrative(heading, text, level))
            if heading == self.priorities_after and plan is not None:
                for priority in plan.priorities.order_by("position"):
                    sections.append(
                        figures_section(priority.title, "priority-measures", priority.code)
                    )
        return sections


TEMPLATES = {
    "performance": PaperTemplate(
        "performance",
        "Performance Monitoring Report",
        "Police & Crime Plan Performance Monitoring Report",
        executive_summary=(
            "The Purpose of this report is to provide Members of the Panel with an update on "
            "progress in delivering the current Police and Crime Plan (the Plan)."
        ),
        recommendation="The Panel is asked to consider the report.",
        headings=(
            ("Background", 2),
            ("Performance Headlines", 2),
            ("Covid-19", 3),
            ("Finance Update", 3),
            ("Criminal Justice", 2),
            ("Reducing Crime and Re-offending", 2),
            ("Commissioned Services", 3),
            ("Public Engagement", 2),
            ("Violence Reduction Network (VRN)", 2),
            ("Complaints", 2),
            ("Staff Welfare", 2),
            ("Recommendation", 2),
        ),
        priorities_after="Performance Headlines",
    ),
    "pcc_update": PaperTemplate(
        "pcc_update",
        "PCC Update Report",
        "Police & Crime Commissioner's update",
        executive_summary=(
            "The Purpose of this report is to provide Members of the Panel with an update on "
            "progress in developing the current Police and Crime Plan (the Plan).\n\n"
            "This report also aims to highlight some of activity of the PCC/Office of the "
            "Police and Crime Commissioner."
        ),
        recommendation="The Panel is asked to consider the report.",
        headings=(("Background", 2), ("Performance Headlines", 2), ("Recommendation", 2)),
    ),
}


def choices() -> list[tuple[str, str]]:
    return [("", "No template: start empty")] + [
        (code, template.label) for code, template in TEMPLATES.items()
    ]
