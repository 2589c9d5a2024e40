"""What `naast restore` protects (`naast.core.extensions`): a database with staff accounts is in use."""

from .models import User

IN_USE = [User]
