from django.core.management.base import BaseCommand

from tours.models import Role
from tours.services.access import token_issue, user_ensure


class Command(BaseCommand):
    help = "Create the user if needed, give them a role, and print a new API token for them."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=[r.value for r in Role], default=Role.PLANNER.value)
        parser.add_argument("--label", default="issued by manage.py issue_token")

    def handle(self, *args, username: str, role: str, label: str, **options):
        user = user_ensure(username=username, role=Role(role))
        token = token_issue(user=user, label=label)
        self.stderr.write(
            f"API token for {username} ({role}); send it as 'Authorization: Bearer …':"
        )
        self.stdout.write(token)
