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
