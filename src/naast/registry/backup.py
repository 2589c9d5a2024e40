"""What `naast restore` protects (`naast.core.extensions`): a database with clients or help requests is in use."""

from .models import Client, HelpRequest

IN_USE = [HelpRequest, Client]
