"""Every fact of the source policy is on the built site, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from htmltext import article_text
from support import PAGES


# Facts whose wording is the same in both languages (numbers, addresses).
SHARED_FACTS = [
    "+1 888 799 9666", "+1 650 397 6096", "+61 1800 768 027", "+44 800 368 7314", "+44 20 3890 5445",
    "https://support.zoom.us/hc/en-us/requests/new",
]
TEL_LINKS = ["tel:+18887999666,2", "tel:+16503976096,2", "tel:+611800768027,2",
             "tel:+448003687314,2", "tel:+442038905445,2"]

FACTS = {
    "ru": [
        "доб. 2", "США", "Австралия", "Великобритания",
        "24 часа в сутки, 7 дней в неделю, включая государственные праздники",
        "по электронной почте или в реальном времени",
        "Срочный", "Высокий", "Нормальный", "Низкий",
        "1 час", "4 часа", "24 часа", "Не указано в политике",
        "короткое электронное письмо",
        "Обучение", "Консультации", "Фирменная символика", "Внедрение", "Индивидуальные решения", "Разработка",
        "Интернет-заявка", "Интернет-чат", "Телефонный вызов",
        "уведомление о регистрации",
    ],
    "en": [
        "ext. 2", "United States", "Australia", "United Kingdom",
        "24 hours a day, 7 days a week, including public holidays",
        "by e-mail or in real time",
        "Urgent", "High", "Normal", "Low",
        "1 hour", "4 hours", "24 hours", "Not stated in the policy",
        "short e-mail",
        "Training", "Consulting", "Branding", "Implementation", "Custom solutions", "Development",
        "Web request form", "Web chat", "Phone call",
        "the notice that the support request is registered",
    ],
}


def site_text(root: Path) -> str:
    return " ".join(article_text(root / page / "index.html") for page in PAGES)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_fact_of_the_source_is_on_the_site(built_site: Path, lang: str):
    root = built_site if lang == "ru" else built_site / "en"
    # Case-folded: names start a heading in one place and sit mid-sentence in another.
    text = site_text(root).casefold()
    missing = [fact for fact in SHARED_FACTS + FACTS[lang] if fact.casefold() not in text]
    assert not missing, f"{lang}: missing {missing}"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_phone_numbers_are_tel_links_with_the_extension(built_site: Path, prefix: str):
    html = (built_site / prefix / "support-process/index.html").read_text(encoding="utf-8")
    for link in TEL_LINKS:
        assert f'href="{link}"' in html, link


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_priority_page_has_all_four_definitions(built_site: Path, prefix: str):
    text = article_text(built_site / prefix / "priority-levels/index.html")
    for words in (["Обходные решения отсутствуют", "круглосуточно", "при обоснованной необходимости",
                   "разумные ресурсы", "альфа/бета-версий", "обычные рабочие часы"] if not prefix else
                  ["No workaround exists", "around the clock", "when reasonably necessary",
                   "reasonable resources", "alpha/beta", "normal business hours"]):
        assert words in text, words
