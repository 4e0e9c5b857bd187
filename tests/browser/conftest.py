"""Browser tests of the built-in theme: builds the example site and the dense test site with
the gen binary, serves them, and drives headless Chromium through chromedriver.

Environment:
  GEN          the gen binary (default: .build/debug/gen)
  BROWSER_OUT  where sites and screenshots go (default: .build/browser)
"""
import functools
import http.server
import os
import pathlib
import shutil
import socketserver
import subprocess
import threading

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

REPO = pathlib.Path(__file__).resolve().parents[2]


def axe_script():
    """axe-core 4 (axe.min.js), as the package axe-playwright-python ships it (installed
    without Playwright: only its copy of axe-core is used). axe-selenium-python, which runs
    it, ships axe-core 3.1 of 2018, without the WCAG 2.1 and 2.2 rules."""
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("axe-core 4 is missing: pip install --no-deps axe-playwright-python==0.1.8 (make browser-deps does)")
    return str(pathlib.Path(spec.submodule_search_locations[0]) / "axe.min.js")


GEN = pathlib.Path(os.environ.get("GEN", REPO / ".build" / "debug" / "gen"))
OUT = pathlib.Path(os.environ.get("BROWSER_OUT", REPO / ".build" / "browser"))
DENSE = pathlib.Path(__file__).resolve().parent / "dense-site"

# Each site is served under the path of its base_url, as on its real host, so that the 404
# page (whose links start at that path) works too.
SITES = {
    "example": {"dir": REPO, "prefix": "review"},
    "dense": {"dir": DENSE, "prefix": "margin"},
}


def build_site(name, extra=()):
    site = SITES[name]
    output = OUT / "www" / site["prefix"]
    output.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(GEN), "build", "--site", str(site["dir"]), "--output", str(output), *extra],
                   check=True, capture_output=True, text=True)
    return output


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server():
    """Both sites built, and a static server over them: yields the base URL of each site."""
    assert GEN.exists(), f"no gen binary at {GEN} (swift build --product gen)"
    shutil.rmtree(OUT / "www", ignore_errors=True)
    for name in SITES:
        build_site(name)
    # The dense site in a right-to-left language, served under /rtl/.
    rtl = OUT / "rtl-site"
    shutil.rmtree(rtl, ignore_errors=True)
    shutil.copytree(DENSE, rtl)
    toml = (rtl / "gen.toml").read_text()
    (rtl / "gen.toml").write_text(toml.replace('language = "en"', 'language = "ar"').replace("/margin/", "/rtl/"))
    subprocess.run([str(GEN), "build", "--site", str(rtl), "--output", str(OUT / "www" / "rtl")],
                   check=True, capture_output=True, text=True)
    handler = functools.partial(QuietHandler, directory=str(OUT / "www"))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    port = httpd.server_address[1]
    urls = {name: f"http://127.0.0.1:{port}/{site['prefix']}/" for name, site in SITES.items()}
    urls["rtl"] = f"http://127.0.0.1:{port}/rtl/"
    yield urls
    httpd.shutdown()
    httpd.server_close()


def make_driver():
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1400,900",
                     "--lang=en-GB"):
        options.add_argument(argument)
    service = Service(os.environ.get("CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(60)
    return driver


@pytest.fixture(scope="session")
def driver():
    driver = make_driver()
    yield driver
    driver.quit()


def set_viewport(driver, width, height=900, scheme="light"):
    """The viewport's size (CSS pixels, no scrollbars) and prefers-color-scheme."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    # The page keeps focus whatever the window does, so focus events always fire.
    driver.execute_cdp_cmd("Emulation.setFocusEmulationEnabled", {"enabled": True})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"media": "screen", "features": [{"name": "prefers-color-scheme", "value": scheme}]})


def screenshot(driver, path):
    """The whole page as a PNG (Chromium's capture beyond the viewport)."""
    import base64
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width = driver.execute_script("return document.documentElement.clientWidth")
    height = min(int(size["height"]), 12000)
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(data["data"]))
