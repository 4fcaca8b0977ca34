"""Ask the picker every kind of question once, in both languages: run inside Pyodide at
build time by snapshot_pyodide.mjs (so that all the picker will ever import, the parsed
policy and its caches are in the memory snapshot) and by stdlib_used.mjs (to learn which
standard-library packages the browser needs)."""

from support_policy import browser

browser.warm_up()
for lang in ("ru", "en"):
    for plan in ("", "free", "business", "not-a-plan"):
        for priority in ("", "1", "4"):
            browser.answer(plan, priority, "", lang, 0)
    browser.answer("business", "1", "US", lang, 0)
    browser.guide("[]", lang)
    browser.guide("[0, 0, 0, 0]", lang)
    browser.guide("not json", lang)
