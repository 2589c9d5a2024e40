"""The resident's names, for checking texts that leave the case file (`naast.core.extensions.case_names`)."""


def client_names(help_request) -> list[str]:
    client = help_request.client
    return [client.display_name, client.full_name] if client is not None else []


NAMES = [client_names]
