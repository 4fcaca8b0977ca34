"""Words of the tables and the plan picker that are not policy facts, in ru and en."""

from __future__ import annotations

from .model import Lang

LABELS: dict[str, dict[Lang, str]] = {
    "plan": {"ru": "План", "en": "Plan"},
    "priority": {"ru": "Приоритет", "en": "Priority"},
    "country": {"ru": "Страна", "en": "Country"},
    "number": {"ru": "Номер", "en": "Number"},
    "extension": {"ru": "Добавочный", "en": "Extension"},
    "ext_short": {"ru": "доб.", "en": "ext."},
    "yes": {"ru": "Да", "en": "Yes"},
    "no": {"ru": "Нет", "en": "No"},
    "not_stated": {"ru": "Не указано в политике", "en": "Not stated in the policy"},
    "channels_caption": {"ru": "Способы направить запрос поддержки по планам", "en": "Ways to send a support request, by plan"},
    "phones_caption": {"ru": "Телефоны поддержки (для планов с телефонным вызовом)", "en": "Support phone numbers (for plans with phone calls)"},
    "targets_caption": {"ru": "Целевое время реакции по планам и приоритетам", "en": "Target response time by plan and priority"},
    "request_form_at": {"ru": "Интернет-заявка: ", "en": "Web request form: "},
    "priority_n": {"ru": "Приоритет {n}", "en": "Priority {n}"},
    "examples": {"ru": "Примеры", "en": "Examples"},
    "resourcing": {"ru": "Ресурсы", "en": "Resources"},
    "target": {"ru": "Целевое время реакции", "en": "Target response time"},
    "how_to_reach": {"ru": "Как обратиться в поддержку", "en": "How to reach support"},
    "call": {"ru": "Позвонить", "en": "Call"},
    "expect_by": {
        "ru": "Если вы отправите запрос сейчас, уведомление о его регистрации придёт не позднее чем {when}.",
        "en": "If you submit now, expect the registration notice by {when}.",
    },
    "no_target": {
        "ru": "Для плана «{plan}» политика не указывает целевое время реакции.",
        "en": "The policy states no target response time for the {plan} plan.",
    },
    "answer_heading": {"ru": "План «{plan}», приоритет {n} — {priority}", "en": "{plan} plan, priority {n} — {priority}"},
    "no_phone_in_country": {
        "ru": "Для выбранной страны телефона поддержки нет.",
        "en": "There is no support phone number for the chosen country.",
    },
    "invalid_link": {
        "ru": "Ссылка содержит неизвестный план или приоритет, поэтому форма пуста. Выберите план и приоритет.",
        "en": "The link has an unknown plan or priority, so the form is empty. Choose a plan and a priority.",
    },
    "picker_plan": {"ru": "Ваш план", "en": "Your plan"},
    "picker_priority": {"ru": "Приоритет проблемы", "en": "Priority of the problem"},
    "picker_country": {"ru": "Страна (для телефонов)", "en": "Country (for phone numbers)"},
    "picker_all_countries": {"ru": "Все страны", "en": "All countries"},
    "picker_loading": {"ru": "Запускаем подбор в браузере…", "en": "Starting the picker in your browser…"},
    "picker_failed": {
        "ru": "Не удалось запустить подбор в этом браузере. Те же ответы есть в таблицах ниже.",
        "en": "The picker could not start in this browser. The tables below give the same answers.",
    },
    "picker_tables": {"ru": "Все планы и приоритеты в таблицах", "en": "All plans and priorities in tables"},
    "picker_to_tables": {"ru": "Открыть таблицы", "en": "Open the tables"},
    "picker_noscript": {
        "ru": "Для подбора нужен JavaScript. Те же ответы есть в таблицах ниже.",
        "en": "The picker needs JavaScript. The tables below give the same answers.",
    },
    "guide_summary": {"ru": "Не уверены в приоритете? Помогите выбрать", "en": "Not sure which priority? Help me choose"},
    "guide_heading": {"ru": "Как выбрать приоритет", "en": "How to choose a priority"},
    "guide_intro": {
        "ru": "Ответьте на вопросы по порядку: каждый ответ ведёт к следующему вопросу или к приоритету.",
        "en": "Answer the questions in order: each answer leads to another question or to a priority.",
    },
    "guide_question_n": {"ru": "Вопрос {n}", "en": "Question {n}"},
    "guide_to_question": {"ru": "→ вопрос {n}", "en": "→ question {n}"},
    "guide_next_question": {"ru": "→ следующий вопрос", "en": "→ next question"},
    "guide_to_priority": {"ru": "→ приоритет {n} ({name})", "en": "→ priority {n} ({name})"},
    "guide_to_none": {"ru": "→ ни одно определение не подходит", "en": "→ no definition fits"},
    "guide_suggest": {"ru": "Подходит приоритет {n} — {name}", "en": "Suggested: priority {n} — {name}"},
    "guide_definition": {"ru": "Определение из политики:", "en": "The policy's definition:"},
    "guide_applied": {
        "ru": "Этот приоритет выбран в форме выше, ответ обновлён.",
        "en": "This priority is now chosen in the form above, and the answer is updated.",
    },
    "guide_none": {
        "ru": "Ни одно определение политики не подходит к вашим ответам. Опишите проблему в запросе: группа технической поддержки Zoom классифицирует каждый запрос по уровням приоритета.",
        "en": "None of the policy's definitions fits your answers. Describe the problem in your request: Zoom's technical support team classifies every request by the priority levels.",
    },
    "guide_restart": {"ru": "Начать заново", "en": "Start over"},
    "guide_your_answers": {"ru": "Ваши ответы", "en": "Your answers"},
    "call_first": {
        "ru": "Приоритет {n} обрабатывается круглосуточно: быстрее всего позвонить.",
        "en": "Priority {n} is worked on around the clock: calling is the fastest way.",
    },
    "choose": {"ru": "Выберите план и приоритет, чтобы увидеть ответ.", "en": "Choose a plan and a priority to see the answer."},
    "date": {"ru": "{day} {month} {year} г.", "en": "{month} {day}, {year}"},
    "months": {
        "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
        "en": "January February March April May June July August September October November December",
    },
    "changelog_caption": {"ru": "Изменения {date}", "en": "Changes on {date}"},
    "changelog_fact": {"ru": "Что изменилось", "en": "What changed"},
    "changelog_from": {"ru": "Было", "en": "Before"},
    "changelog_to": {"ru": "Стало", "en": "After"},
    "changelog_new": {"ru": "(новое)", "en": "(new)"},
    "changelog_removed": {"ru": "(удалено)", "en": "(removed)"},
    "export_policy": {"ru": "Политика", "en": "The policy"},
    "export_schema": {"ru": "Схема", "en": "The schema"},
    # ─── the picker while Python loads ({loaded}, {total}, {size}: megabytes, filled in by the page)
    "picker_progress": {
        "ru": "Загружаем Python для подбора: {loaded} из {total}\u00a0МБ",
        "en": "Loading Python for the picker: {loaded} of {total}\u00a0MB",
    },
    "picker_starting": {"ru": "Запускаем Python…", "en": "Starting Python…"},
    "picker_stalled": {
        "ru": "Загрузка подбора остановилась: данные больше не приходят. Те же ответы есть в таблицах ниже. "
              "Если обновить страницу, уже загруженное не придётся скачивать заново.",
        "en": "The picker's download has stopped: no more data is arriving. The tables below give the same answers. "
              "If you reload the page, what has already arrived is not downloaded again.",
    },
    "picker_save_data": {
        "ru": "Ваш браузер просит экономить трафик, поэтому подбор не запускается сам.",
        "en": "Your browser asks to save data, so the picker does not start by itself.",
    },
    "picker_start": {
        "ru": "Запустить подбор (загрузка около {size}\u00a0МБ)",
        "en": "Start the picker (downloads about {size}\u00a0MB)",
    },
}


def label(key: str, lang: Lang, **values: object) -> str:
    text = LABELS[key][lang]
    return text.format(**values) if values else text


def hours_text(hours: int, lang: Lang) -> str:
    """'1 час', '4 часа', '24 часа', '5 часов' / '1 hour', '4 hours'."""
    if lang == "en":
        return f"{hours} hour" if hours == 1 else f"{hours} hours"
    if hours % 10 == 1 and hours % 100 != 11:
        word = "час"
    elif 2 <= hours % 10 <= 4 and not 12 <= hours % 100 <= 14:
        word = "часа"
    else:
        word = "часов"
    return f"{hours} {word}"
