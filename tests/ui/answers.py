"""An answering fake of the window's ``Ask`` port: answers as it is told and records
each question, so a test checks what was asked without a dialog."""

from __future__ import annotations

from dataclasses import dataclass, field

from hipcoach.ui.asks import LEAVE, Leaving


@dataclass
class Answers:
    end: bool = True
    leave: Leaving = LEAVE
    resume: bool = False
    interactive: bool = False  # the start-up's own dialogs stay shut
    asked: list[str] = field(default_factory=list)

    def end_session(self) -> bool:
        self.asked.append("end")
        return self.end

    def leave_session(self) -> Leaving:
        self.asked.append("leave")
        return self.leave

    def resume_session(self, summary: object, when: str) -> bool:
        self.asked.append(f"resume {when}")
        return self.resume
