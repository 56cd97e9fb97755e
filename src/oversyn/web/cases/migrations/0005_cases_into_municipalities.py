"""Existing cases get their municipality and a first revision.

Each case's owner is the municipality its content names (``case.municipality``: by kommunkod,
else by name among those without a code), created when it is not stored yet; its ``case_id``
is its key (keys were unique in the installation, so the addresses stay the same and every
old link keeps working).  The case's current content is stored as the revision of its
current version, so the history can show and restore it.
"""

import json
import zlib

from django.db import migrations


def forward(apps, schema_editor):
    CaseRecord = apps.get_model("cases", "CaseRecord")
    Municipality = apps.get_model("cases", "Municipality")
    CaseRevision = apps.get_model("cases", "CaseRevision")
    from oversyn.io.municipalities import municipality_name

    for row in CaseRecord.objects.all().order_by("pk"):
        info = (row.content or {}).get("case", {}).get("municipality") or {}
        name = str(info.get("name") or row.municipality or "").strip() or "Okänd kommun"
        code = info.get("code") or None
        if code:
            owner = Municipality.objects.filter(code=code).first()
            if owner is None:
                owner = Municipality.objects.create(
                    code=code, name=name or municipality_name(code) or code
                )
        else:
            owner = Municipality.objects.filter(code__isnull=True, name=name).first()
            if owner is None:
                owner = Municipality.objects.create(code=None, name=name)
        row.owner = owner
        row.case_id = row.key
        row.save(update_fields=["owner", "case_id"])
        text = json.dumps(
            row.content, ensure_ascii=False, separators=(",", ":"), sort_keys=True
        ).encode()
        CaseRevision.objects.get_or_create(
            case=row,
            version=row.version,
            defaults={
                "format": str((row.content or {}).get("format") or "oversyn/1"),
                "data": zlib.compress(text, 6),
                "size": len(text),
            },
        )


def backward(apps, schema_editor):
    CaseRecord = apps.get_model("cases", "CaseRecord")
    CaseRecord.objects.update(owner=None, case_id="")
    apps.get_model("cases", "CaseRevision").objects.all().delete()
    apps.get_model("cases", "Municipality").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_municipalities_and_revisions")]

    operations = [migrations.RunPython(forward, backward)]
