#!/usr/bin/python3
"""Drives headless chromium through selenium/chromedriver for the page tests (PageDriver.swift).

Reads a JSON object from the file named by its argument: {"steps": [...], "artifacts": DIR, "name": NAME}. Each step is one
of {"open": URL}, {"fill": CSS, "value": TEXT}, {"select": CSS, "value": OPTION_VALUE},
{"check": CSS}, {"click": CSS}, {"wait_text": TEXT, "timeout": S}, {"wait": CSS, "timeout": S},
{"screenshot": NAME}. Writes a JSON object to stdout: {"dom", "url", "screenshots"} on success
(exit 0), or {"error", "step", "dom", "url", "screenshots"} when a step fails (exit 1; a
screenshot of the failure is saved). Debian's python3-selenium and chromium-driver.
"""
import json
import os
import shutil
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def start_browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile):
        options.add_argument(argument)
    service = Service(executable_path="/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def wait(browser, timeout):
    """A wait that goes on while a page being replaced (a form posted) has no such element yet."""
    return WebDriverWait(browser, timeout,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def element(browser, css, timeout):
    return wait(browser, timeout).until(lambda b: b.find_element(By.CSS_SELECTOR, css))


def run_step(browser, step, artifacts, screenshots):
    timeout = float(step.get("timeout", 10))
    if "open" in step:
        browser.get(step["open"])
    elif "fill" in step:
        field = element(browser, step["fill"], timeout)
        field.clear()
        field.send_keys(step["value"])
    elif "select" in step:
        Select(element(browser, step["select"], timeout)).select_by_value(step["value"])
    elif "check" in step:
        box = element(browser, step["check"], timeout)
        if not box.is_selected():
            box.click()
    elif "click" in step:
        wait(browser, timeout).until(lambda b: b.find_element(By.CSS_SELECTOR, step["click"]).is_enabled())
        browser.find_element(By.CSS_SELECTOR, step["click"]).click()
    elif "wait_text" in step:
        wait(browser, timeout).until(lambda b: step["wait_text"] in b.find_element(By.TAG_NAME, "body").text)
    elif "wait" in step:
        element(browser, step["wait"], timeout)
    elif "screenshot" in step:
        path = os.path.join(artifacts, step["screenshot"] + ".png")
        browser.save_screenshot(path)
        screenshots.append(path)
    else:
        raise ValueError("unknown step " + json.dumps(step))


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        request = json.load(file)
    artifacts = request["artifacts"]
    os.makedirs(artifacts, exist_ok=True)
    profile = os.path.join(artifacts, request["name"] + "-profile-" + str(os.getpid()))
    browser = start_browser(profile)
    screenshots = []
    try:
        for index, step in enumerate(request["steps"]):
            try:
                run_step(browser, step, artifacts, screenshots)
            except Exception as error:  # report which step failed, with the page as it was
                path = os.path.join(artifacts, request["name"] + "-failed.png")
                browser.save_screenshot(path)
                screenshots.append(path)
                detail = (str(error).strip().splitlines() or [""])[0]
                json.dump({"error": type(error).__name__ + (": " + detail if detail else ""),
                           "step": index, "dom": browser.page_source, "url": browser.current_url,
                           "screenshots": screenshots}, sys.stdout)
                return 1
        dom = browser.execute_script("return document.documentElement.outerHTML")
        json.dump({"dom": dom, "url": browser.current_url, "screenshots": screenshots}, sys.stdout)
        return 0
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
