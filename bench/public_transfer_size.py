"""Transfer size of each public page: the HTML plus every style sheet and script it loads (images
and the favicon excluded), as sent with gzip (whitenoise serves compressed copies in production),
in Dutch and in Arabic. Target (issue 17): at most 100 KB per page, and no request to another
host. Prints one line per page and whether it meets the target; exits 1 when one does not.

    .venv/bin/python bench/public_transfer_size.py
"""

import gzip
import re
import sys

import _django

TARGET = 100 * 1024
PAGES = ["/", "/hulp-vragen/", "/hulp-vragen/volg/", "/kaart/", "/kaart/?q=schulden", "/enquete/", "/privacy/",
         "/toegankelijkheid/"]
ASSET = re.compile(r"""<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)\"""")


def main() -> int:
    database = _django.setup()
    import logging

    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.test import Client

    logging.getLogger("naast.request").setLevel(logging.WARNING)
    settings.ALLOWED_HOSTS = ["testserver"]
    print(f"Public pages, bytes transferred with gzip (target: at most {TARGET // 1024} KB), {database}, "
          f"{_django.load_average()}")
    failed = False
    for language in ("nl", "ar"):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for path in PAGES:
            html = client.get(path).content
            total, raw, parts, foreign = len(gzip.compress(html)), len(html), [], []
            for url in ASSET.findall(html.decode()):
                if url.startswith(("http://", "https://", "//")):
                    foreign.append(url)
                    continue
                found = finders.find(url.removeprefix(settings.STATIC_URL))
                data = open(found, "rb").read() if found else b""
                size = len(gzip.compress(data))
                total, raw = total + size, raw + len(data)
                parts.append(f"{url.rsplit('/', 1)[-1]} {size / 1024:.1f}")
            ok = total <= TARGET and not foreign
            failed |= not ok
            print(f"{language} {path:22} {total / 1024:6.1f} KB  {'ok' if ok else 'OVER'}  "
                  f"[{raw / 1024:.0f} KB uncompressed] "
                  f"(html {len(gzip.compress(html)) / 1024:.1f}; {', '.join(parts)})"
                  + (f"  other hosts: {foreign}" if foreign else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
