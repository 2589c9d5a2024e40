"""With only DEBUG=0, a long SECRET_KEY and ALLOWED_HOSTS, `naast check --deploy` is clean."""

import os
import subprocess
import sys


def test_check_deploy_has_no_warnings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NAAST_", "DEBUG", "SECURE_", "DJANGO_"))}
    env.update(DEBUG="0", SECRET_KEY="x8#Lq2!vR9@tW4zN7mK3pY6sB1dF5hJ0gC8aE2uI4oP7lQ9wZ-r4Tn8Vb2Xc6", ALLOWED_HOSTS="naast.example")
    result = subprocess.run(
        [sys.executable, "-m", "naast", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NAAST_", "DEBUG", "SECRET_KEY"))}
    env["DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "-m", "naast", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_links_in_e_mail_use_the_site_address():
    """Reminders and assignment notices are sent by cron, without a request to take the host from:
    production reads it from SITE_URL, or else from the first ALLOWED_HOSTS name."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NAAST_", "DEBUG", "SECURE_", "DJANGO_", "SITE_URL"))}
    base.update(DEBUG="0", SECRET_KEY="x8#Lq2!vR9@tW4zN7mK3pY6sB1dF5hJ0gC8aE2uI4oP7lQ9wZ-r4Tn8Vb2Xc6")

    def site_url(**env):
        result = subprocess.run(
            [sys.executable, "-m", "naast", "shell", "-c", "from django.conf import settings; print(settings.SITE_URL)"],
            env={**base, **env}, capture_output=True, text=True, timeout=120,
        )
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""

    assert site_url(ALLOWED_HOSTS="naast.example,www.naast.example") == "https://naast.example"
    assert site_url(ALLOWED_HOSTS="naast.example", SITE_URL="https://hulp.example.nl/") == "https://hulp.example.nl"
    # Nothing to read it from: `check --deploy` says so.
    result = subprocess.run(
        [sys.executable, "-m", "naast", "check", "--deploy"],
        env={**base, "ALLOWED_HOSTS": "*"}, capture_output=True, text=True, timeout=120,
    )
    assert "naast.W001" in result.stdout + result.stderr


def test_behind_a_proxy_the_proxy_must_be_named():
    """Without NAAST_TRUSTED_PROXIES, every resident behind the proxy shares its address: the
    public form's and the login's limits would block them all at once."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NAAST_", "DEBUG", "SECURE_", "DJANGO_"))}
    base.update(DEBUG="0", SECRET_KEY="x8#Lq2!vR9@tW4zN7mK3pY6sB1dF5hJ0gC8aE2uI4oP7lQ9wZ-r4Tn8Vb2Xc6",
                ALLOWED_HOSTS="naast.example", SECURE_PROXY_SSL_HEADER="1")

    def check(**env):
        result = subprocess.run([sys.executable, "-m", "naast", "check", "--deploy"], env={**base, **env},
                                capture_output=True, text=True, timeout=120)
        return result.returncode, result.stdout + result.stderr

    assert "naast.W002" in check()[1]
    code, output = check(NAAST_TRUSTED_PROXIES="127.0.0.1,::1")
    assert code == 0 and "no issues" in output
    code, output = check(NAAST_TRUSTED_PROXIES="proxy.example")
    assert code != 0 and "NAAST_TRUSTED_PROXIES" in output and "proxy.example" in output
