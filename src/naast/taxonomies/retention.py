"""The taxonomies' part of the data inventory (`naast.core.extensions`, "retention.py")."""

from naast.core.extensions import NotPersonal

LABEL = NotPersonal("a code or label of the taxonomy")

PERSONAL_FIELDS = {
    f"{model}.{field}": LABEL for model in ("LifeDomain", "TargetGroup") for field in ("code", "name_nl", "name_en")
}
