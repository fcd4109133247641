"""Import every model so the metadata is complete for Alembic and create_all."""

from signalen.api.models import ApiToken, RateCounter  # noqa: F401
from signalen.audit.models import AuditEvent  # noqa: F401
from signalen.auth.models import LoginAttempt, User  # noqa: F401
from signalen.bundles.models import Bundle, BundleItem, BundleSchedule  # noqa: F401
from signalen.consultations.models import (  # noqa: F401
    Consultation,
    ConsultationParticipant,
    ConsultationRemark,
    ConsultationSection,
    RemarkAnswer,
    RemarkLink,
)
from signalen.coordination.models import (  # noqa: F401
    SavedFilter,
    SignalLink,
    StructuralSignal,
    TrainedModel,
)
from signalen.dashboards.models import (  # noqa: F401
    DashboardCount,
    DashboardCountState,
)
from signalen.digest.models import DigestSetting  # noqa: F401
from signalen.exports.models import ExportRun  # noqa: F401
from signalen.followup.models import (  # noqa: F401
    Evaluation,
    EvaluationVerdict,
    FollowUpStep,
)
from signalen.imports.models import (  # noqa: F401
    ImportBatch,
    ImportedSignal,
    ImportMapping,
)
from signalen.jobs.models import JobLock, JobRun  # noqa: F401
from signalen.notifications.models import SignalSeen  # noqa: F401
from signalen.organisations.models import Organisation, OrganisationKind  # noqa: F401
from signalen.prioritisation.models import (  # noqa: F401
    Ballot,
    BallotEntry,
    BallotScore,
    PrioritisationRound,
    PriorityDecision,
    RoundCriterion,
    RoundParticipant,
)
from signalen.public.models import PublicPage  # noqa: F401
from signalen.redaction.models import RetentionSetting  # noqa: F401
from signalen.references import ReferenceCounter  # noqa: F401
from signalen.responses.models import CityResponse  # noqa: F401
from signalen.signals.models import Signal, SignalEvent  # noqa: F401
from signalen.signals.overrides import PrivacyOverride  # noqa: F401
from signalen.themes.models import (  # noqa: F401
    Area,
    GovernmentLevel,
    TargetGroup,
    Theme,
    ThemeGroup,
)
