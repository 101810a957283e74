"""Closed vocabularies shared by models, forms and templates."""

from __future__ import annotations

import enum

import sqlalchemy as sa


class Language(enum.StrEnum):
    ENGLISH = "en"
    WELSH = "cy"


class ContactChannel(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    POST = "post"


class Role(enum.StrEnum):
    PLATFORM_ADMIN = "platform_admin"
    ORG_ADMIN = "org_admin"
    ENGAGEMENT_WORKER = "engagement_worker"
    REPRESENTATIVE = "representative"
    INDEPENDENT_ADVISER = "independent_adviser"


class BoardKind(enum.StrEnum):
    PARTNERSHIP = "partnership"  # local mental health partnership board (R-BD2: deputies)
    DECISION = "decision"  # other long-term board that makes decisions about services


class SeatType(enum.StrEnum):
    SERVICE_USER = "service_user"
    CARER = "carer"
    DEPUTY = "deputy"


class AppointmentStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for the relay
    QUEUED = "queued"  # handed to RQ
    SENDING = "sending"  # claimed by a job
    SENT = "sent"
    FAILED = "failed"  # gave up after OUTBOX_MAX_ATTEMPTS; an administrator can retry
    MANUAL = "manual"  # letter or phone call: waits for an engagement worker


def enum_column(enum_cls: type[enum.StrEnum], length: int = 24) -> sa.Enum:
    """Store the enum's value as a checked string on every backend."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class RecruitmentReason(enum.StrEnum):
    TERM_ENDING = "term_ending"
    NEW_SEAT = "new_seat"
    RESIGNATION = "resignation"


class RecruitmentStage(enum.StrEnum):
    FORMING_GROUP = "forming_group"  # R-LG1: until the group has a lived-experience majority
    DRAFTING = "drafting"  # the group writes and approves the role description (R-RD3)
    PUBLISHED = "published"  # advertised; open until its closing date, then closed


class ApprovalDecision(enum.StrEnum):
    APPROVE = "approve"
    CHANGES = "changes"  # asks for changes


# R-AD1: the channels every advertising plan offers; groups add their own as well.
ADVERT_CHANNELS = (
    "local_newspapers", "radio", "public_sector_websites", "third_sector_websites",
    "forum_website", "social_media", "newsletters", "pharmacies_gp_opticians",
    "community_mental_health_teams", "drop_in_centres", "food_banks", "events", "libraries",
    "partnership_boards",
)


class MemberKind(enum.StrEnum):
    LIVED_EXPERIENCE = "lived_experience"  # an existing service-user or carer representative
    INDEPENDENT_ADVISER = "independent_adviser"
    ORGANISATION_STAFF = "organisation_staff"  # at most one, from the recruiting organisation


class MemberStatus(enum.StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REMOVED = "removed"


class ApplicationStatus(enum.StrEnum):
    INVITED = "invited"  # formal invitation: the group asked a named person; waiting for them
    DRAFT = "draft"  # being written; saved on every page
    NOT_ELIGIBLE = "not_eligible"  # R-RD4: told why, kindly, and offered other ways in
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class ChatMode(enum.StrEnum):
    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    VIDEO = "video"


class ChatOutcome(enum.StrEnum):
    APPLY = "apply"  # goes on to apply, by one of the role's other routes
    NOT_NOW = "not_now"
    KEEP_INFORMED = "keep_informed"  # R-AC4


class RouteAnswer(enum.StrEnum):
    """The group's answer to a request for another way to apply (R-SEL2)."""

    AGREED = "agreed"
    OFFERED_INSTEAD = "offered_instead"  # agreed something else, said what


class PanelStage(enum.StrEnum):
    SHORTLIST = "shortlist"
    INTERVIEW = "interview"


class PanelOutcome(enum.StrEnum):
    """The panel's decision on an application (R-SEL5). Shortlisting decides the first four,
    the interview panel the last four (see portal.panels: OUTCOMES_AT)."""

    INTERVIEW = "interview"  # invited to interview
    INFORMAL_CHAT = "informal_chat"  # invited to an informal chat instead
    RESERVE = "reserve"  # on the reserve list
    NOT_THIS_TIME = "not_this_time"
    APPOINT = "appoint"  # to the seat type in PanelDecision.seat_type
    APPOINT_DEPUTY = "appoint_deputy"
    NOT_APPOINTED = "not_appointed"


class InterviewStatus(enum.StrEnum):
    INVITED = "invited"  # waiting for them to choose a time
    BOOKED = "booked"  # a slot chosen
    OTHER_TIME = "other_time"  # asked for another time
    DECLINED = "declined"  # said no thank you
    CANCELLED = "cancelled"


class ClaimActivity(enum.StrEnum):
    CHAT = "chat"
    EVENT = "event"
    INTERVIEW = "interview"
    PANEL = "panel"  # a shortlisting, moderation or interview panel session


class ClaimStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"  # not approved as it stands; the note says why and what to do
