"""Invites become one message per item: SentInvite gets the item's `uid` (and the name it was
addressed to), and "sent once" is per publication, person and item.

Rows from before held a person's whole day in one message; they are kept, marked with a `uid`
that names no item ("day:REQUEST", "day:CANCEL"), so the next send mails every item once."""

from django.db import migrations, models


def mark_whole_day_messages(apps, schema_editor):
    SentInvite = apps.get_model("tours", "SentInvite")
    for method in ("REQUEST", "CANCEL"):
        SentInvite.objects.filter(uid="", method=method).update(uid=f"day:{method}")


class Migration(migrations.Migration):
    dependencies = [
        ("tours", "0005_feeds_confirmations_invites"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="sentinvite", name="invite_once"),
        migrations.AddField(
            model_name="sentinvite",
            name="name",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="sentinvite",
            name="uid",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(mark_whole_day_messages, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="sentinvite",
            constraint=models.UniqueConstraint(
                fields=("publication", "role", "person", "email", "uid"), name="invite_once"
            ),
        ),
    ]
