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
    "phones_caption": {"ru": "Телефоны поддержки (для планов с телефонным вызовом)", "en": "Support phone numbers (for plans with phone support)"},
    "targets_caption": {"ru": "Целевое время реакции по планам и приоритетам", "en": "Target response time by plan and priority"},
    "request_form_at": {"ru": "Интернет-заявка: ", "en": "Web request form: "},
    "priority_n": {"ru": "Приоритет\u00a0{n}", "en": "Priority\u00a0{n}"},
    "examples": {"ru": "Примеры", "en": "Examples"},
    "resourcing": {"ru": "Ресурсы", "en": "Resources"},
    "target": {"ru": "Целевое время реакции", "en": "Target response time"},
    "how_to_reach": {"ru": "Как обратиться в поддержку", "en": "How to reach support"},
    "call": {"ru": "Позвонить", "en": "Call"},
    "expect_by": {
        "ru": "Если компания Zoom получит запрос сейчас и отнесёт его к этому приоритету, целевой срок получения "
              "уведомления о регистрации запроса\u00a0— {when}. Это цель, а не гарантия. Часы отсчитаны круглосуточно: "
              "считаются ли они только в рабочие часы компании Zoom, политика не уточняет.",
        "en": "If Zoom receives your request now and classifies it at this priority level, the target is that you receive "
              "the notice that it is registered by {when}. This is a target, not a guarantee; the hours are counted "
              "around the clock, and the policy does not say whether only Zoom's business hours count.",
    },
    "no_target": {
        "ru": "Для плана «{plan}» политика не указывает целевое время реакции.",
        "en": "The policy states no target response time for the {plan} plan.",
    },
    "answer_heading": {"ru": "План «{plan}», приоритет\u00a0{n}\u00a0— {priority}", "en": "{plan} plan, priority\u00a0{n}\u00a0— {priority}"},
    "invalid_link": {
        "ru": "Ссылка содержит неизвестный план или приоритет, поэтому форма пуста. Выберите план и приоритет.",
        "en": "The link has an unknown plan or priority, so the form is empty. Choose a plan and a priority.",
    },
    # ─── a deep link's notice: what it names that is not used, by name ({names}: the link_*
    # below, accusative in ru, joined with link_and), never by its value
    "link_unrecognised": {
        "ru": "Не удалось распознать {names} в ссылке.",
        "en": "The link's {names} could not be recognised.",
    },
    "link_plan": {"ru": "план", "en": "plan"},
    "link_priority": {"ru": "приоритет", "en": "priority"},
    "link_country": {"ru": "страну", "en": "country"},
    "link_and": {"ru": "и", "en": "and"},
    "link_all_countries": {"ru": "Вместо этого выбраны все страны.", "en": "All countries are selected instead."},
    "picker_plan": {"ru": "Ваш план", "en": "Your plan"},
    "picker_priority": {"ru": "Приоритет запроса (его классифицирует группа технической поддержки Zoom)", "en": "Request priority (Zoom's technical support team classifies the request)"},
    "picker_country": {"ru": "Страна (для телефонов)", "en": "Country (for phone numbers)"},
    "picker_all_countries": {"ru": "Все страны", "en": "All countries"},
    "picker_loading": {"ru": "Запускаем подбор в браузере…", "en": "Starting the support finder in your browser…"},
    "picker_failed": {
        "ru": "Не удалось запустить подбор в этом браузере. Те же ответы есть в таблицах ниже.",
        "en": "The support finder could not start in this browser. The tables below give the same answers.",
    },
    "picker_tables": {"ru": "Все планы и приоритеты в таблицах", "en": "All plans and priorities in tables"},
    "picker_to_tables": {"ru": "Открыть таблицы", "en": "Open the tables"},
    "picker_noscript": {
        "ru": "Для подбора нужен JavaScript. Те же ответы есть в таблицах ниже.",
        "en": "The support finder needs JavaScript. The tables below give the same answers.",
    },
    "guide_summary": {
        "ru": "Не знаете, какой приоритет выбрать? Ответьте на несколько вопросов",
        "en": "Not sure which priority to choose? Answer a few questions",
    },
    "guide_heading": {"ru": "Как выбрать приоритет", "en": "How to choose a priority"},
    "guide_intro": {
        "ru": "Это подсказка, составленная для этого сайта по определениям выше; она не входит в текст политики. "
              "Отвечайте на вопросы по порядку: каждый ответ ведёт к следующему вопросу или к приоритету.",
        "en": "This guide was written for this site from the definitions above; it is not part of the policy. "
              "Answer the questions in order: each answer leads to another question or to a priority.",
    },
    "guide_question_n": {"ru": "Вопрос\u00a0{n}", "en": "Question\u00a0{n}"},
    "guide_to_question": {"ru": "→ вопрос\u00a0{n}", "en": "→ question\u00a0{n}"},
    "guide_next_question": {"ru": "→ следующий вопрос", "en": "→ next question"},
    "guide_to_priority": {"ru": "→ приоритет\u00a0{n} ({name})", "en": "→ priority\u00a0{n} ({name})"},
    "guide_to_none": {"ru": "→ ни одно определение не подходит", "en": "→ no definition fits"},
    "guide_suggest": {
        "ru": "По вашим ответам подходит приоритет\u00a0{n}\u00a0— {name}",
        "en": "Your answers point to priority\u00a0{n}\u00a0— {name}",
    },
    "guide_definition": {
        "ru": "Подсказка не входит в текст политики. Определение из политики:",
        "en": "This guide is not part of the policy. The policy's definition:",
    },
    "guide_applied": {
        "ru": "Этот приоритет выбран в форме выше, ответ обновлён.",
        "en": "This priority is now selected in the form above, and the answer has been updated.",
    },
    "guide_none": {
        "ru": "Ни одно определение политики не подходит к вашим ответам, а какой приоритет получает такой запрос, "
              "политика не говорит. Опишите проблему в запросе поддержки.",
        "en": "None of the policy's definitions fits your answers, and the policy does not say which priority such "
              "a request gets. Describe the problem in your support request.",
    },
    "guide_restart": {"ru": "Начать заново", "en": "Start over"},
    "guide_your_answers": {"ru": "Ваши ответы", "en": "Your answers"},
    "call_first": {
        "ru": "Для приоритета\u00a0{n} компания Zoom предоставляет необходимые ресурсы круглосуточно.",
        "en": "For priority\u00a0{n}, Zoom provides the necessary resources around the clock.",
    },
    "choose": {"ru": "Выберите план и приоритет, чтобы увидеть ответ.", "en": "Choose a plan and a priority to see the answer."},
    "date": {"ru": "{day}\u00a0{month} {year}\u00a0г.", "en": "{month} {day}, {year}"},
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
    "feed_title": {"ru": "что изменилось", "en": "what changed"},
    "feed_link": {"ru": "Лента изменений (Atom)", "en": "Feed of changes (Atom)"},
    "export_policy": {"ru": "Политика", "en": "The policy"},
    "export_schema": {"ru": "Схема", "en": "The schema"},
    # ─── the facts' names in the changelog guard, the version pages and a pull request's summary
    "fact_support_hours_text": {"ru": "Часы поддержки", "en": "Support hours"},
    "fact_support_hours_how": {"ru": "Как оказывается поддержка", "en": "How support is provided"},
    "fact_priority": {"ru": "Приоритет\u00a0{n}", "en": "Priority\u00a0{n}"},
    "fact_priority_name": {"ru": "Название приоритета\u00a0{n}", "en": "Name of priority\u00a0{n}"},
    "fact_priority_summary": {"ru": "Краткое описание приоритета\u00a0{n}", "en": "Short description of priority\u00a0{n}"},
    "fact_priority_definition": {"ru": "Определение приоритета\u00a0{n}", "en": "Definition of priority\u00a0{n}"},
    "fact_priority_examples": {"ru": "Примеры для приоритета\u00a0{n}", "en": "Examples for priority\u00a0{n}"},
    "fact_priority_resourcing": {"ru": "Ресурсы для приоритета\u00a0{n}", "en": "Resources for priority\u00a0{n}"},
    "fact_priority_around_the_clock": {"ru": "Ресурсы круглосуточно для приоритета\u00a0{n}",
                                       "en": "Resources around the clock for priority\u00a0{n}"},
    "fact_plan": {"ru": "План «{plan}»", "en": "The {plan} plan"},
    "fact_plan_name": {"ru": "Название плана «{plan}»", "en": "Name of the {plan} plan"},
    "fact_plan_channels": {"ru": "Способы обращения для плана «{plan}»", "en": "Ways to send a request on the {plan} plan"},
    "fact_channel": {"ru": "Способ обращения «{channel}»", "en": "The way to send a request “{channel}”"},
    "fact_channel_name": {"ru": "Название способа обращения «{channel}»", "en": "Name of the way to send a request “{channel}”"},
    "fact_channel_kind": {"ru": "Вид способа обращения «{channel}»", "en": "Kind of the way to send a request “{channel}”"},
    "fact_channel_url": {"ru": "Адрес способа обращения «{channel}»", "en": "Address of the way to send a request “{channel}”"},
    "fact_phone": {"ru": "Телефон поддержки ({country})", "en": "Support phone number ({country})"},
    "fact_phone_country": {"ru": "Код страны телефона {number}", "en": "Country code of {number}"},
    "fact_phone_country_name": {"ru": "Страна телефона {number}", "en": "Country of {number}"},
    "fact_phone_extension": {"ru": "Добавочный номер телефона {number}", "en": "Extension of {number}"},
    "fact_target": {"ru": "Целевое время реакции: план «{plan}», приоритет\u00a0{n}",
                    "en": "Target response time: {plan} plan, priority\u00a0{n}"},
    "fact_targets": {"ru": "Целевое время реакции: план «{plan}»", "en": "Target response time: {plan} plan"},
    "fact_target_short": {"ru": "приоритет\u00a0{n}\u00a0— {hours}", "en": "priority\u00a0{n}: {hours}"},
    "fact_guide_question": {"ru": "Подсказка по выбору приоритета (не текст политики): вопрос\u00a0{n}",
                            "en": "Guide to choosing a priority (not policy text): question\u00a0{n}"},
    "fact_guide_answer": {"ru": "Подсказка по выбору приоритета (не текст политики): вопрос\u00a0{n}, ответ\u00a0{m}",
                          "en": "Guide to choosing a priority (not policy text): question\u00a0{n}, answer\u00a0{m}"},
    "fact_guide_answer_leads": {"ru": "Подсказка по выбору приоритета (не текст политики): куда ведёт ответ\u00a0{m} на вопрос\u00a0{n}",
                                "en": "Guide to choosing a priority (not policy text): where answer\u00a0{m} to question\u00a0{n} leads"},
    "fact_guide_to_priority": {"ru": "→ приоритет\u00a0{n}", "en": "→ priority\u00a0{n}"},
    # ─── the policy's versions: /versions/ and /versions/YYYY-MM-DD/
    "versions_link": {"ru": "Все версии политики", "en": "Every version of the policy"},
    "versions_entry_link": {"ru": "Политика в этой версии", "en": "The policy as of this version"},
    "versions_none": {
        "ru": "Прежние версии политики в этой сборке сайта недоступны: она сделана без истории изменений.",
        "en": "Earlier versions of the policy are not available in this build of the site: it was made without the history of changes.",
    },
    "version_title": {"ru": "Политика поддержки: версия от {date}", "en": "Support policy: version of {date}"},
    "version_description": {
        "ru": "Политика поддержки Zoom в том виде, в каком она действовала с {date}: способы обращения, телефоны, часы поддержки, приоритеты и целевое время реакции.",
        "en": "Zoom's support policy as it stood from {date}: request channels, phone numbers, support hours, priorities and target response times.",
    },
    "version_current": {
        "ru": "Это действующая версия политики: она действует с {since}, и её же показывают {pages}.",
        "en": "This is the current version of the policy, in force since {since}; {pages} show the same.",
    },
    "version_old": {
        "ru": "Прежняя версия: так политика выглядела с {since} до {until}, когда её сменила {next}. Действующая политика\u00a0— на {pages_at}.",
        "en": "An earlier version: the policy read like this from {since} until {until}, when {next} replaced it. The current policy is on {pages_at}.",
    },
    "version_next_link": {"ru": "следующая версия", "en": "the next version"},
    "version_pages": {"ru": "страницы сайта", "en": "the site's pages"},
    "version_pages_at": {"ru": "страницах сайта", "en": "the site's pages"},
    "version_banner_title": {"ru": "Версия от {date}", "en": "Version of {date}"},
    "version_differences": {"ru": "Отличия от действующей политики", "en": "Differences from the current policy"},
    "version_no_differences": {"ru": "Отличий от действующей политики нет.", "en": "No fact differs from the current policy."},
    "version_differences_intro": {
        "ru": "Факты этой версии, которые сейчас звучат иначе; ниже они отмечены в тексте.",
        "en": "The facts of this version that read differently now; below they are marked in the text.",
    },
    "version_this": {"ru": "В этой версии", "en": "In this version"},
    "version_now": {"ru": "Сейчас", "en": "Now"},
    "version_now_is": {"ru": "сейчас: {value}", "en": "now: {value}"},
    "version_absent": {"ru": "(нет)", "en": "(none)"},
    "version_changes": {"ru": "Что изменилось в этой версии", "en": "What changed in this version"},
    "version_json": {"ru": "Эта версия в формате JSON", "en": "This version as JSON"},
    "version_changelog": {"ru": "Запись на странице «Что изменилось»", "en": "The entry on the “What changed” page"},
    "version_section_hours": {"ru": "Часы поддержки", "en": "Support hours"},
    "version_section_channels": {"ru": "Способы обращения и телефоны", "en": "Ways to send a request, and phone numbers"},
    "version_section_priorities": {"ru": "Уровни приоритета", "en": "Priority levels"},
    "version_section_targets": {"ru": "Целевое время реакции", "en": "Target response time"},
    "versions_caption": {"ru": "Версии политики, начиная с самой новой", "en": "The policy's versions, newest first"},
    "versions_version": {"ru": "Версия", "en": "Version"},
    "versions_period": {"ru": "Действовала", "en": "In force"},
    "versions_summary": {"ru": "Что изменилось", "en": "What changed"},
    "versions_current": {"ru": "с {since} по сей день", "en": "since {since}, current"},
    "versions_range": {"ru": "с {since} до {until}", "en": "from {since} until {until}"},
    # ─── the picker while Python loads ({loaded}, {total}, {size}: megabytes, filled in by the page)
    "picker_progress": {
        "ru": "Загружаем Python для подбора: {loaded} из {total}\u00a0МБ",
        "en": "Loading Python for the support finder: {loaded} of {total}\u00a0MB",
    },
    "picker_starting": {"ru": "Запускаем Python…", "en": "Starting Python…"},
    "picker_stalled": {
        "ru": "Загрузка подбора остановилась: данные больше не приходят. Те же ответы есть в таблицах ниже. "
              "Чтобы попробовать снова, обновите страницу; полностью загруженные файлы браузер, возможно, возьмёт из своего кэша.",
        "en": "The support finder's download has stopped: no more data is arriving. The tables below give the same answers. "
              "To try again, reload the page; files that arrived in full may then come from your browser's cache.",
    },
    "picker_missing": {
        "ru": "Файлы подбора сейчас недоступны на сайте. Те же ответы есть в таблицах ниже; попробуйте подбор позже.",
        "en": "The support finder's files are not available on the site right now. The tables below give the same "
              "answers; try the support finder again later.",
    },
    "picker_save_data": {
        "ru": "В браузере включена экономия трафика, поэтому подбор не запускается сам.",
        "en": "Your browser's data saver is on, so the support finder does not start by itself.",
    },
    # The same button when this device keeps the runtime already (picker.js asks Cache Storage).
    "picker_start_kept": {
        "ru": "Запустить подбор (он уже сохранён на этом устройстве)",
        "en": "Start the support finder (already stored on this device)",
    },
    "picker_start": {
        "ru": "Запустить подбор (загрузка около {size}\u00a0МБ)",
        "en": "Start the support finder (downloads about {size}\u00a0MB)",
    },
    # The notices of `make serve` (overrides/hooks/preview.py), never on the published site.
    "preview_only": {
        "ru": "Это сообщение показывает только предварительный просмотр (make serve), на опубликованном сайте его нет.",
        "en": "Only the preview (make serve) shows this notice; the published site never does.",
    },
    "preview_changelog_title": {
        "ru": "У изменения в файле данных нет записи в «Что изменилось»",
        "en": "The data file's change has no entry in \u201cWhat changed\u201d",
    },
    "preview_changelog_text": {
        "ru": "Просмотр показывает изменённые данные, но make check и make build остановятся, пока в начале "
              "changelog.toml нет записи об изменении. Сообщение сборки с записью для вставки:",
        "en": "The preview shows the edited data, but make check and make build stop until changelog.toml "
              "has an entry for the change at its top. The build's message, with the entry to paste:",
    },
    "preview_marker_title": {
        "ru": "На этой странице есть маркер, который сборка не знает",
        "en": "This page has a marker that the build does not know",
    },
    "preview_marker_text": {
        "ru": "Просмотр показывает страницу без него, но make check и make build остановятся с этим сообщением:",
        "en": "The preview shows the page without it, but make check and make build stop with this message:",
    },
    "preview_data_title": {
        "ru": "В файле данных ошибка: просмотр показывает прежние данные",
        "en": "The data file has an error: the preview shows earlier data",
    },
    "preview_data_last": {
        "ru": "Страницы собраны из файла данных в том виде, в каком он последний раз загрузился в этом просмотре. "
              "make check и make build остановятся, пока ошибка не исправлена.",
        "en": "The pages are built from the data file as it last loaded in this preview. "
              "make check and make build stop until the error is fixed.",
    },
    "preview_data_head": {
        "ru": "Страницы собраны из файла данных в том виде, в каком он сохранён в последнем коммите (git HEAD). "
              "make check и make build остановятся, пока ошибка не исправлена.",
        "en": "The pages are built from the data file as it was last committed (git HEAD). "
              "make check and make build stop until the error is fixed.",
    },
    "preview_file": {"ru": "Файл", "en": "File"},
    "preview_key": {"ru": "Ключ", "en": "Key"},
    "preview_problem": {"ru": "Ошибка", "en": "Problem"},
    "preview_fix": {"ru": "Как исправить", "en": "Fix"},
}


def label(key: str, lang: Lang, **values: object) -> str:
    text = LABELS[key][lang]
    return text.format(**values) if values else text


def hours_text(hours: int, lang: Lang) -> str:
    """'1 час', '4 часа', '24 часа', '5 часов' / '1 hour', '4 hours', each with a no-break
    space (U+00A0) between the number and the word, so a line never ends between them."""
    if lang == "en":
        return f"{hours}\u00a0hour" if hours == 1 else f"{hours}\u00a0hours"
    if hours % 10 == 1 and hours % 100 != 11:
        word = "час"
    elif 2 <= hours % 10 <= 4 and not 12 <= hours % 100 <= 14:  # pragma: no mutate (equivalent: 14 → 15 changes nothing, a number ending in 15 never ends in 2–4)
        word = "часа"
    else:
        word = "часов"
    return f"{hours}\u00a0{word}"
