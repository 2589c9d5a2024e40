"""Screenshots of the public pages (home, form, thank-you, map) at 320 px and 1280 px wide, in
Dutch and Arabic, with headless Chromium against a live server on demo data. The server runs on a
throw-away SQLite database; the PNGs are reduced to a 64-colour palette to stay small.

    .venv/bin/python scripts/screenshots.py [output directory, default docs/screenshots]

Needs Chromium, chromedriver and selenium (as the browser tests do) and Pillow.
"""

import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
NAAST = ROOT / ".venv" / "bin" / "naast"
WIDTHS = (320, 1280)
LANGUAGES = ("nl", "ar")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "NAAST_DATA_DIR": data_dir, "DEBUG": "1", "NAAST_INTAKE_MIN_SECONDS": "0"}
    env.pop("DATABASE_URL", None)
    for command in (["migrate", "--noinput", "-v", "0"], ["demo-data", "--requests", "20", "--quiet"]):
        subprocess.run([str(NAAST), *command], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([str(NAAST), "runserver", "--noreload", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("The server did not start.")


def browser():
    sys.path.insert(0, str(ROOT))
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from tests.browser import CHROMEDRIVER, CHROMIUM

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--window-size=1280,900", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def save(driver, width: int, path: Path) -> None:
    """The whole page at `width` CSS pixels, as a small palette PNG."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600})
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    png = driver.get_screenshot_as_png()
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)


def ask_for_help(driver, base: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/hulp-vragen/")
    driver.find_element(By.NAME, "question").send_keys("Ik heb een brief van de gemeente die ik niet begrijp.")
    driver.find_element(By.CSS_SELECTOR, 'input[name="contact_way"][value="phone"]').click()
    driver.find_element(By.NAME, "phone").send_keys("0612345678")
    driver.find_element(By.CSS_SELECTOR, 'form[method="post"] button[type="submit"].utrecht-button').click()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="naast-shots-") as data_dir:
        server = start_server(data_dir, port)
        driver = browser()
        try:
            for language in LANGUAGES:
                driver.get(base + "/")
                driver.add_cookie({"name": "naast_language", "value": language, "path": "/"})
                for width in WIDTHS:
                    for name, path in (("home", "/"), ("form", "/hulp-vragen/"), ("map", "/kaart/?q=schulden")):
                        driver.get(base + path)
                        save(driver, width, out / f"{name}-{language}-{width}.png")
                    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
                    ask_for_help(driver, base)
                    save(driver, width, out / f"thanks-{language}-{width}.png")
                    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        finally:
            driver.quit()
            server.terminate()
            server.wait(timeout=10)
    for path in sorted(out.glob("*.png")):
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
