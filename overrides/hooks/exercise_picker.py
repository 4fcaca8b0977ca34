"""Ask the picker every kind of question once, in both languages: run inside Pyodide at
build time by stdlib_used.mjs, to learn which standard-library modules the browser needs
and to prove that the archive it gets holds them."""

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
