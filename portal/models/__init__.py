"""All models, imported here so that Alembic and the app see one metadata."""

from portal.models.advertising import (
    AdvertChannel,
    AdvertVisit,
    HeardAbout,
    InterestRegistration,
)
from portal.models.applications import (
    Application,
    ApplicationEvent,
    ApplicationFile,
    EqualityResponse,
    GroupEvent,
    InformalChat,
)
from portal.models.audit import AuditEvent
from portal.models.base import Base
from portal.models.boards import Appointment, Board, Organisation
from portal.models.information import PublicInformation
from portal.models.outbox import OutboxMessage
from portal.models.panels import (
    ConflictDeclaration,
    ExpenseClaim,
    Interview,
    InterviewSlot,
    PanelDecision,
    PanelMember,
    PanelScheme,
    PanelSchemeApproval,
    Score,
    ScoreSheet,
)
from portal.models.people import LoginSession, Person, RoleGrant, SignInToken
from portal.models.recruitment import GroupMember, Recruitment
from portal.models.roles import Approval, RoleDescriptionVersion, RoleTemplate, SectionComment

__all__ = [
    "AdvertChannel",
    "AdvertVisit",
    "Application",
    "ApplicationEvent",
    "ApplicationFile",
    "EqualityResponse",
    "GroupEvent",
    "InformalChat",
    "Approval",
    "ConflictDeclaration",
    "ExpenseClaim",
    "Interview",
    "InterviewSlot",
    "PanelDecision",
    "PanelMember",
    "PanelScheme",
    "PanelSchemeApproval",
    "Score",
    "ScoreSheet",
    "InterestRegistration",
    "SectionComment",
    "Appointment",
    "AuditEvent",
    "Base",
    "Board",
    "GroupMember",
    "HeardAbout",
    "LoginSession",
    "Organisation",
    "OutboxMessage",
    "Person",
    "PublicInformation",
    "Recruitment",
    "RoleDescriptionVersion",
    "RoleGrant",
    "RoleTemplate",
    "SignInToken",
]
