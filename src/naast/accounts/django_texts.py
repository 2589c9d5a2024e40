"""Django's own texts that Naast words differently in Dutch. Listed here (never called) so that
`naast makemessages` keeps their translations in this app's catalog instead of dropping them."""

from django.utils.translation import gettext_noop, ngettext_lazy

TEXTS = [
    # The password rule's message: Django's Dutch ("Dit wachtwoord is te kort. Het moet ten minste ...")
    # reads as jargon next to Naast's own explanation of the rules.
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", "min_length"),
    # The admin's user add form: Naast says what a functional administrator does next (roles).
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
]
