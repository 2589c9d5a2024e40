from django.utils.translation import gettext_lazy as _

from naast.core.extensions import MenuItem

from .policy import can_read_audit_log

ITEMS = [MenuItem("privacy:audit_log", _("Audit log"), can_read_audit_log, order=90)]
