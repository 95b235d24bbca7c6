"""Messages an account manager types during calls, with what the bot should read.

``due`` is the expected wall time in the case's zone, "YYYY-MM-DD HH:MM";
add an offset ("...+02:00") where the DST side matters. Unless a case says
otherwise it is read on Wednesday 2026-11-25 at 11:30 in Moscow, so
Thu = 11-26, Fri = 11-27, Sat = 11-28, Sun = 11-29, Mon = 11-30, Tue = 12-01.
"""

# A table reads best one case per line, so long lines are allowed in this file only.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

from bot.capture import Kind

WEDNESDAY = "2026-11-25 11:30"
WEDNESDAY_EVENING = "2026-11-25 19:00"
DEC_30 = "2026-12-30 15:00"  # a Wednesday
DEC_31_LATE = "2026-12-31 20:00"  # a Thursday, after the end of the day
MOSCOW = "Europe/Moscow"
BERLIN = "Europe/Berlin"  # DST: 2026-03-29 02:00 → 03:00, 2026-10-25 03:00 → 02:00


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    text: str
    kind: Kind
    client: str | None
    title: str
    due: str | None
    problems: tuple[str, ...] = ()
    now: str = WEDNESDAY
    tz: str = MOSCOW


def case(
    id: str,
    text: str,
    kind: Kind,
    client: str | None,
    title: str,
    due: str | None = None,
    *problems: str,
    now: str = WEDNESDAY,
    tz: str = MOSCOW,
) -> Case:
    return Case(id, text, kind, client, title, due, problems, now, tz)


CORPUS: tuple[Case, ...] = (
    # -- kinds and clients, Russian --------------------------------------------------
    case("ru-request-leading-client", "Acme просит перенести баннер на главную", "request", "Acme", "Acme просит перенести баннер на главную"),
    case("ru-deadline-tag", "отчёт по SEO к среде #acme", "deadline", "Acme", "отчёт по SEO", "2026-11-25 18:00"),
    case("ru-note-prefix-colon", "Acme: созвон прошёл хорошо", "note", "Acme", "созвон прошёл хорошо"),
    case("ru-date-beats-request", "Globex: нужно к пятнице обновить прайс", "deadline", "Globex", "нужно обновить прайс", "2026-11-27 18:00"),
    case("ru-request-leading-cyrillic-client", "Ромашка хочет скидку 10%", "request", "Ромашка", "Ромашка хочет скидку 10%"),
    case("ru-prefix-two-words-dash", "Север Строй — согласовать смету", "note", "Север Строй", "согласовать смету"),
    case("ru-prefix-hyphen", "Initech - прислали бриф", "note", "Initech", "прислали бриф"),
    case("ru-tag-latin-alias", "#romashka нужен макет баннера", "request", "Ромашка", "нужен макет баннера"),
    case("ru-tag-cyrillic-alias", "#акме надо обновить счётчики", "request", "Acme", "надо обновить счётчики"),
    case("ru-unknown-tag", "#unknownco хотят аудит", "request", None, "хотят аудит"),
    case("ru-tag-at-end", "клиент доволен результатами #globex", "note", "Globex", "клиент доволен результатами"),
    case("ru-client-not-first-word", "запрос от Initech на новый отчёт", "request", None, "запрос от Initech на новый отчёт"),
    case("ru-request-prosba", "Acme просьба выставить счёт", "request", "Acme", "Acme просьба выставить счёт"),
    case("ru-request-with-date", "Globex попросили перенести встречу на понедельник", "deadline", "Globex", "Globex попросили перенести встречу", "2026-11-30 18:00"),
    case("ru-request-trebuetsya", "Initech требуется доступ к GA", "request", "Initech", "Initech требуется доступ к GA"),
    case("ru-note-prefix-cyrillic", "Ромашка: логотип утвердили", "note", "Ромашка", "логотип утвердили"),
    case("ru-prefix-lowercase-known", "север строй: акт подписан", "note", "Север Строй", "акт подписан"),
    case("ru-header-word-not-client", "Важно: Acme платит в декабре", "note", None, "Важно: Acme платит в декабре"),
    case("ru-comma-needs-known-client", "Пожалуйста, пришлите КП", "request", None, "Пожалуйста, пришлите КП"),
    case("ru-prefix-comma-known", "Globex, ждут ответа по договору", "note", "Globex", "ждут ответа по договору"),
    case("ru-prefix-unknown-client", "Новый Клиент: первый звонок", "note", None, "первый звонок"),
    case("ru-prefix-unknown-org", "ООО Вектор: выставить счёт", "note", None, "выставить счёт"),
    case("ru-request-nado", "надо поправить UTM-метки #globex", "request", "Globex", "надо поправить UTM-метки"),
    case("ru-request-hotyat", "Initech: хотят отчёт по лидам", "request", "Initech", "хотят отчёт по лидам"),
    case("ru-note-plain", "клиент перешёл на новый тариф", "note", None, "клиент перешёл на новый тариф"),
    # -- kinds and clients, English -------------------------------------------------
    case("en-remind-me", "remind me tomorrow 10am to call Globex", "reminder", None, "call Globex", "2026-11-26 10:00"),
    case("en-request-wants", "Acme wants a new landing page", "request", "Acme", "Acme wants a new landing page"),
    case("en-prefix-by-friday", "Globex: please send the invoice by Friday", "deadline", "Globex", "please send the invoice", "2026-11-27 18:00"),
    case("en-request-asked", "Initech asked for a discount", "request", "Initech", "Initech asked for a discount"),
    case("en-lowercase-prefix-ignored", "call notes: budget approved", "note", None, "call notes: budget approved"),
    case("en-eod-tag", "send report EOD #acme", "deadline", "Acme", "send report", "2026-11-25 18:00"),
    case("en-eow", "need slides by EOW", "deadline", None, "need slides", "2026-11-27 18:00"),
    case("en-end-of-month", "invoice due end of month #globex", "deadline", "Globex", "invoice due", "2026-11-30 18:00"),
    case("en-next-week", "kickoff next week #initech", "deadline", "Initech", "kickoff", "2026-11-30 18:00"),
    case("en-on-wednesday-same-day", "Q4 review on Wednesday", "deadline", None, "Q4 review", "2026-11-25 18:00"),
    case("en-next-friday-10am", "demo next Friday 10am", "deadline", None, "demo", "2026-11-27 10:00"),
    case("en-at-3-afternoon", "standup at 3", "deadline", None, "standup", "2026-11-25 15:00"),
    case("en-time-passed-tomorrow", "sync 10:30", "deadline", None, "sync", "2026-11-26 10:30"),
    case("en-3pm", "call 3pm", "deadline", None, "call", "2026-11-25 15:00"),
    case("en-in-2-hours", "ping Acme in 2 hours", "deadline", None, "ping Acme", "2026-11-25 13:30"),
    case("en-in-3-days", "follow up in 3 days", "deadline", None, "follow up", "2026-11-28 18:00"),
    case("en-in-a-week", "renewal in a week #acme", "deadline", "Acme", "renewal", "2026-12-02 18:00"),
    case("en-month-day", "workshop Dec 5", "deadline", None, "workshop", "2026-12-05 18:00"),
    case("en-day-month-time", "workshop 5 Dec 2pm", "deadline", None, "workshop", "2026-12-05 14:00"),
    case("en-ordinal", "audit December 5th", "deadline", None, "audit", "2026-12-05 18:00"),
    case("en-day-after-tomorrow", "launch day after tomorrow", "deadline", None, "launch", "2026-11-27 18:00"),
    case("en-today", "proposal today", "deadline", None, "proposal", "2026-11-25 18:00"),
    case("en-this-evening", "dinner with Globex this evening", "deadline", None, "dinner with Globex", "2026-11-25 19:00"),
    case("en-tomorrow-morning", "call Initech tomorrow morning", "deadline", None, "call Initech", "2026-11-26 10:00"),
    case("en-reminder-prefix-word", "reminder: renew domain on 1.12", "reminder", None, "renew domain", "2026-12-01 18:00"),
    case("en-could-you", "could you check the tracking #globex", "request", "Globex", "could you check the tracking"),
    case("en-bare-morning-not-a-time", "Good morning team, status is green", "note", None, "Good morning team, status is green"),
    case("en-hours-not-a-date", "we need 2 more hours of design", "request", None, "we need 2 more hours of design"),
    case("en-version-not-a-date", "please review v2.0 changelog", "request", None, "please review v2.0 changelog"),
    case("en-money-not-a-date", "budget 1.5k for ads", "note", None, "budget 1.5k for ads"),
    case("en-bare-weekday", "Tuesday workshop prep", "deadline", None, "workshop prep", "2026-12-01 18:00"),
    case("en-short-weekday-with-by", "by sat finish banners", "deadline", None, "finish banners", "2026-11-28 18:00"),
    case("en-sat-is-a-verb", "sat down with Acme today", "deadline", None, "sat down with Acme", "2026-11-25 18:00"),
    case("en-noon-tomorrow", "meeting at noon tomorrow", "deadline", None, "meeting", "2026-11-26 12:00"),
    case("en-in-30-minutes-first", "in 30 minutes call back Acme", "deadline", None, "call back Acme", "2026-11-25 12:00"),
    case("en-remind-me-no-date", "remind me to pay Globex invoice", "reminder", None, "pay Globex invoice"),
    case("en-request-needs", "Globex needs the media plan", "request", "Globex", "Globex needs the media plan"),
    case("en-note", "Acme: happy with the CTR", "note", "Acme", "happy with the CTR"),
    # -- Russian dates ----------------------------------------------------------------
    case("ru-wednesday-on-wednesday-before-eod", "в среду созвон", "deadline", None, "созвон", "2026-11-25 18:00"),
    case("ru-wednesday-on-wednesday-after-eod", "в среду созвон", "deadline", None, "созвон", "2026-12-02 18:00", now=WEDNESDAY_EVENING),
    case("ru-wednesday-time-passed", "в среду в 10 созвон", "deadline", None, "созвон", "2026-12-02 10:00"),
    case("ru-wednesday-time-ahead", "в среду в 15 созвон", "deadline", None, "созвон", "2026-11-25 15:00"),
    case("ru-wednesday-evening-time-ahead", "в среду в 20:00 созвон", "deadline", None, "созвон", "2026-11-25 20:00", now=WEDNESDAY_EVENING),
    case("en-wednesday-after-eod", "on Wednesday QBR", "deadline", None, "QBR", "2026-12-02 18:00", now=WEDNESDAY_EVENING),
    case("en-next-wednesday-on-wednesday", "QBR next Wednesday", "deadline", None, "QBR", "2026-12-02 18:00"),
    case("ru-k-pyatnice", "к пятнице презентация", "deadline", None, "презентация", "2026-11-27 18:00"),
    case("ru-do-pyatnicy", "до пятницы согласовать макет", "deadline", None, "согласовать макет", "2026-11-27 18:00"),
    case("ru-v-pn", "в пн планёрка", "deadline", None, "планёрка", "2026-11-30 18:00"),
    case("ru-vo-vtornik-time", "во вторник в 11:00 встреча с Globex", "deadline", None, "встреча с Globex", "2026-12-01 11:00"),
    case("ru-thursday-morning", "в четверг утром отправить КП", "deadline", None, "отправить КП", "2026-11-26 10:00"),
    case("ru-saturday-evening", "в субботу вечером выкатка", "deadline", None, "выкатка", "2026-11-28 19:00"),
    case("ru-sunday", "в воскресенье проверить рассылку", "deadline", None, "проверить рассылку", "2026-11-29 18:00"),
    case("ru-next-friday", "в следующую пятницу ретро", "deadline", None, "ретро", "2026-11-27 18:00"),
    case("ru-next-wednesday-on-wednesday", "в следующую среду ретро", "deadline", None, "ретро", "2026-12-02 18:00"),
    case("ru-tomorrow-at-15", "завтра в 15 звонок Acme", "deadline", None, "звонок Acme", "2026-11-26 15:00"),
    case("ru-day-after-tomorrow", "послезавтра сдать отчёт", "deadline", None, "сдать отчёт", "2026-11-27 18:00"),
    case("ru-today-tag", "сегодня выслать счёт #initech", "deadline", "Initech", "выслать счёт", "2026-11-25 18:00"),
    case("ru-today-time-passed-is-problem", "сегодня в 10 был созвон", "note", None, "сегодня в 10 был созвон", None, "сегодня в 10"),
    case("ru-today-time-ahead", "сегодня в 16 созвон", "deadline", None, "созвон", "2026-11-25 16:00"),
    case("ru-day-month", "5 декабря вебинар", "deadline", None, "вебинар", "2026-12-05 18:00"),
    case("ru-do-day-month", "до 5 декабря подготовить медиаплан", "deadline", None, "подготовить медиаплан", "2026-12-05 18:00"),
    case("ru-k-numeric", "к 10.12 акт сверки", "deadline", None, "акт сверки", "2026-12-10 18:00"),
    case("ru-numeric-with-year", "05.12.2027 продление договора", "deadline", None, "продление договора", "2027-12-05 18:00"),
    case("ru-numeric-slash", "5/12 отчёт", "deadline", None, "отчёт", "2026-12-05 18:00"),
    case("ru-past-date-moves-to-next-year", "24.11 забыли выставить счёт", "deadline", None, "забыли выставить счёт", "2027-11-24 18:00"),
    case("ru-today-numeric-still-ahead", "25.11 отчёт", "deadline", None, "отчёт", "2026-11-25 18:00"),
    case("ru-in-3-days", "через 3 дня прислать правки", "deadline", None, "прислать правки", "2026-11-28 18:00"),
    case("ru-in-a-day", "через день созвон", "deadline", None, "созвон", "2026-11-26 18:00"),
    case("ru-in-a-week", "через неделю повторный аудит", "deadline", None, "повторный аудит", "2026-12-02 18:00"),
    case("ru-in-2-hours", "через 2 часа перезвонить Globex", "deadline", None, "перезвонить Globex", "2026-11-25 13:30"),
    case("ru-in-30-minutes", "через 30 минут созвон", "deadline", None, "созвон", "2026-11-25 12:00"),
    case("ru-in-an-hour", "через час отправить договор", "deadline", None, "отправить договор", "2026-11-25 12:30"),
    case("ru-in-half-an-hour", "через полчаса пинг", "deadline", None, "пинг", "2026-11-25 12:00"),
    case("ru-in-a-month", "через месяц продление", "deadline", None, "продление", "2026-12-25 18:00"),
    case("ru-at-1500", "в 15:00 демо", "deadline", None, "демо", "2026-11-25 15:00"),
    case("ru-at-15-30-dotted", "в 15.30 демо", "deadline", None, "демо", "2026-11-25 15:30"),
    case("ru-bare-hour-passed", "в 9 планёрка", "deadline", None, "планёрка", "2026-11-26 09:00"),
    case("ru-time-passed", "в 10:00 планёрка", "deadline", None, "планёрка", "2026-11-26 10:00"),
    case("ru-morning-passed", "утром позвонить в банк", "deadline", None, "позвонить в банк", "2026-11-26 10:00"),
    case("ru-afternoon", "днём забрать документы", "deadline", None, "забрать документы", "2026-11-25 14:00"),
    case("ru-afternoon-no-yo", "днем забрать документы", "deadline", None, "забрать документы", "2026-11-25 14:00"),
    case("ru-evening", "вечером отчёт по кампании", "deadline", None, "отчёт по кампании", "2026-11-25 19:00"),
    case("ru-monday-morning", "в понедельник утром разбор", "deadline", None, "разбор", "2026-11-30 10:00"),
    case("ru-next-week", "на следующей неделе встреча с Initech", "deadline", None, "встреча с Initech", "2026-11-30 18:00"),
    case("ru-end-of-week", "в конце недели сдать отчёт", "deadline", None, "сдать отчёт", "2026-11-27 18:00"),
    case("ru-end-of-month", "в конце месяца закрыть акты", "deadline", None, "закрыть акты", "2026-11-30 18:00"),
    case("ru-end-of-day", "к концу дня скинуть цифры", "deadline", None, "скинуть цифры", "2026-11-25 18:00"),
    case("ru-7-vechera", "в 7 вечера созвон с Ромашкой", "deadline", None, "созвон с Ромашкой", "2026-11-25 19:00"),
    case("ru-9-utra", "завтра в 9 утра встреча", "deadline", None, "встреча", "2026-11-26 09:00"),
    case("ru-3-dnya", "в 3 дня звонок", "deadline", None, "звонок", "2026-11-25 15:00"),
    case("ru-evening-and-hour", "завтра вечером в 8 ужин с Globex", "deadline", None, "ужин с Globex", "2026-11-26 20:00"),
    case("ru-k-15-chasam", "к 15 часам отчёт", "deadline", None, "отчёт", "2026-11-25 15:00"),
    case("ru-time-then-day", "в 12:00 в пятницу демо", "deadline", None, "демо", "2026-11-27 12:00"),
    case("ru-lunch", "в обед забрать подписанный акт", "deadline", None, "забрать подписанный акт", "2026-11-25 13:00"),
    # -- things that are not dates --------------------------------------------------------
    case("not-date-times-as-much", "Acme: в 2 раза больше показов", "note", "Acme", "в 2 раза больше показов"),
    case("not-date-money", "бюджет 3.5 млн на декабрь", "note", None, "бюджет 3.5 млн на декабрь"),
    case("not-date-duration", "2.5 часа на созвон", "note", None, "2.5 часа на созвон"),
    case("not-date-version-ru", "версия 3.1 выкачена", "note", None, "версия 3.1 выкачена"),
    case("not-date-version-python", "обновили до python 3.11", "note", None, "обновили до python 3.11"),
    case("not-date-phone", "телефон Globex +7 916 123-45-67", "note", None, "телефон Globex +7 916 123-45-67"),
    case("not-date-decimal-percent", "конверсия 12.5%", "note", None, "конверсия 12.5%"),
    case("not-date-percent-after-date-shape", "CTR 5.12%", "note", None, "CTR 5.12%"),
    case("not-date-birthday", "с днём рождения поздравить Acme", "note", None, "с днём рождения поздравить Acme"),
    case("not-date-hour-range-without-time-word", "встреча с 12 до 14 человек", "note", None, "встреча с 12 до 14 человек"),
    case("not-date-environment", "развернуть в тестовой среде", "note", None, "развернуть в тестовой среде"),
    case("not-date-ip", "сервер 10.12.1.5 недоступен", "note", None, "сервер 10.12.1.5 недоступен"),
    case("not-date-month-without-day", "Acme платит в декабре", "note", "Acme", "Acme платит в декабре"),
    # -- impossible dates -----------------------------------------------------------------
    case("bad-31-feb", "отчёт 31.02", "note", None, "отчёт 31.02", None, "31.02"),
    case("bad-25-oclock", "созвон в 25:00", "note", None, "созвон в 25:00", None, "25:00"),
    case("bad-75-minutes", "созвон в 10:75", "note", None, "созвон в 10:75", None, "10:75"),
    case("bad-32-december", "дедлайн 32 декабря", "note", None, "дедлайн 32 декабря", None, "32 декабря"),
    case("bad-explicit-past-year", "продление 05.12.2020", "note", None, "продление 05.12.2020", None, "05.12.2020"),
    case("bad-30-february", "30 февраля акт", "note", None, "30 февраля акт", None, "30 февраля"),
    case("bad-29-feb-non-leap-year", "29.02.2027 отчёт", "note", None, "29.02.2027 отчёт", None, "29.02.2027"),
    case("bad-then-good", "отчёт 31.02, созвон завтра в 12", "deadline", None, "отчёт 31.02, созвон", "2026-11-26 12:00", "31.02"),
    case("bad-time-spoils-its-day", "завтра в 25:00 созвон", "note", None, "завтра в 25:00 созвон", None, "25:00"),
    case("bad-request-keeps-kind", "нужно 31.04 сдать акт", "request", None, "нужно 31.04 сдать акт", None, "31.04"),
    case("leap-day-moves-to-leap-year", "29.02 отчёт", "deadline", None, "отчёт", "2028-02-29 18:00"),
    case("bad-13pm", "call at 13pm", "note", None, "call at 13pm", None, "13pm"),
    # -- two dates: the first complete expression wins --------------------------------
    case("two-dates-from-to", "перенести с пятницы на понедельник", "deadline", None, "перенести с пятницы", "2026-11-30 18:00"),
    case("two-dates-first-wins", "сдать отчёт завтра, созвон в пятницу", "deadline", None, "сдать отчёт, созвон в пятницу", "2026-11-26 18:00"),
    case("two-dates-day-and-time-together", "в пятницу в 15:00 созвон, отчёт к понедельнику", "deadline", None, "созвон, отчёт к понедельнику", "2026-11-27 15:00"),
    case("two-dates-en", "demo Friday, retro Monday", "deadline", None, "demo, retro Monday", "2026-11-27 18:00"),
    case("two-numeric-dates", "5.12 и 10.12 вебинары", "deadline", None, "и 10.12 вебинары", "2026-12-05 18:00"),
    case("two-dates-adjacent-days", "завтра 5 декабря", "deadline", None, "5 декабря", "2026-11-26 18:00"),
    # -- emoji and mixed scripts -----------------------------------------------------------
    case("emoji-before-prefix", "🔥 Acme: срочно нужен отчёт к пятнице", "deadline", "Acme", "срочно нужен отчёт", "2026-11-27 18:00"),
    case("emoji-before-client-word", "✅ Globex подписали договор", "note", "Globex", "✅ Globex подписали договор"),
    case("emoji-after-date", "созвон с Acme завтра в 15 📞", "deadline", None, "созвон с Acme 📞", "2026-11-26 15:00"),
    case("mixed-script-client-name", "Асme: проверить пиксель", "note", "Acme", "проверить пиксель"),
    case("emoji-after-tag", "#Ромашка запросили КП 💐", "request", "Ромашка", "запросили КП 💐"),
    case("latin-alias-prefix", "Romashka: promo approved", "note", "Ромашка", "promo approved"),
    case("mixed-language-sentence", "отчёт for Globex к среде", "deadline", None, "отчёт for Globex", "2026-11-25 18:00"),
    case("english-time-in-russian", "созвон tomorrow 3pm #initech", "deadline", "Initech", "созвон", "2026-11-26 15:00"),
    case("parentheses-tidied", "созвон (завтра в 15) с Globex", "deadline", None, "созвон с Globex", "2026-11-26 15:00"),
    # -- typos in client names -----------------------------------------------------------
    case("typo-substitution", "Acne: выслать счёт", "note", "Acme", "выслать счёт"),
    case("typo-deletion", "Globx: созвон перенесли", "note", "Globex", "созвон перенесли"),
    case("typo-cyrillic-deletion", "Ромшка: новый бриф", "note", "Ромашка", "новый бриф"),
    case("typo-transposition-tag", "#initehc отчёт готов", "note", "Initech", "отчёт готов"),
    case("typo-short-name-not-forgiven", "#acm отчёт готов", "note", None, "отчёт готов"),
    case("typo-missing-space", "Северстрой: смета", "note", "Север Строй", "смета"),
    case("typo-cyrillic-alias-tag", "#акмэ согласовать баннер", "note", "Acme", "согласовать баннер"),
    case("tag-with-hyphen", "#север-строй прислали ТЗ", "note", "Север Строй", "прислали ТЗ"),
    case("leading-client-needs-exact-name", "Acne просит скидку", "request", None, "Acne просит скидку"),
    # -- reminders -------------------------------------------------------------------------
    case("ru-remind-me-tomorrow", "напомни мне завтра в 10 позвонить в Globex", "reminder", None, "позвонить в Globex", "2026-11-26 10:00"),
    case("ru-remind-about", "напомни про оплату счёта #acme", "reminder", "Acme", "оплату счёта"),
    case("ru-remind-after-prefix", "Acme: напомнить мне в пятницу про акт", "reminder", "Acme", "акт", "2026-11-27 18:00"),
    case("ru-reminder-header", "напоминание: продлить домен 1.12", "reminder", None, "продлить домен", "2026-12-01 18:00"),
    case("ru-remind-after-offset", "через 2 часа напомни проверить ставки", "reminder", None, "проверить ставки", "2026-11-25 13:30"),
    case("ru-remind-at-end", "позвонить Initech в 16, напомни", "reminder", None, "позвонить Initech", "2026-11-25 16:00"),
    case("en-remind-me-about", "remind me in 30 minutes about the Globex call", "reminder", None, "the Globex call", "2026-11-25 12:00"),
    case("ru-reminder-beats-request", "нужно напомнить Acme про оплату", "reminder", None, "нужно напомнить Acme про оплату"),
    case("ru-remind-polite", "напомните в 17:30 отправить отчёт", "reminder", None, "отправить отчёт", "2026-11-25 17:30"),
    # -- month and year boundaries ---------------------------------------------------------
    case("dec30-end-of-month", "в конце месяца закрыть акты", "deadline", None, "закрыть акты", "2026-12-31 18:00", now=DEC_30),
    case("dec30-numeric-next-year", "5.01 отчёт", "deadline", None, "отчёт", "2027-01-05 18:00", now=DEC_30),
    case("dec30-friday-next-year", "в пятницу созвон", "deadline", None, "созвон", "2027-01-01 18:00", now=DEC_30),
    case("dec30-in-3-days", "через 3 дня созвон", "deadline", None, "созвон", "2027-01-02 18:00", now=DEC_30),
    case("dec30-next-week", "на следующей неделе планёрка", "deadline", None, "планёрка", "2027-01-04 18:00", now=DEC_30),
    case("dec30-day-after-tomorrow", "послезавтра поздравить Acme", "deadline", None, "поздравить Acme", "2027-01-01 18:00", now=DEC_30),
    case("dec30-january-word", "10 января старт кампании", "deadline", None, "старт кампании", "2027-01-10 18:00", now=DEC_30),
    case("dec31-end-of-day-after-eod", "к концу дня отчёт", "deadline", None, "отчёт", "2026-12-31 23:59", now=DEC_31_LATE),
    case("dec31-end-of-month-passed", "в конце месяца акты", "deadline", None, "акты", "2027-01-31 18:00", now=DEC_31_LATE),
    case("dec31-time-passed-tomorrow", "в 10 созвон", "deadline", None, "созвон", "2027-01-01 10:00", now=DEC_31_LATE),
    case("dec31-past-day-next-year", "30.12 итоги", "deadline", None, "итоги", "2027-12-30 18:00", now=DEC_31_LATE),
    case("dec31-thursday-on-thursday-late", "в четверг созвон", "deadline", None, "созвон", "2027-01-07 18:00", now=DEC_31_LATE),
    case("dec31-end-of-week", "в конце недели ретро", "deadline", None, "ретро", "2027-01-01 18:00", now=DEC_31_LATE),
    case("dec31-today-after-eod", "сегодня отчёт", "deadline", None, "отчёт", "2026-12-31 23:59", now=DEC_31_LATE),
    case("dec31-explicit-today-after-eod", "31.12.2026 итоги", "deadline", None, "итоги", "2026-12-31 23:59", now=DEC_31_LATE),
    case("dec31-eod-en", "EOD report", "deadline", None, "report", "2026-12-31 23:59", now=DEC_31_LATE),
    case("dec31-in-2-hours-crosses-year", "через 5 часов поздравить", "deadline", None, "поздравить", "2027-01-01 01:00", now=DEC_31_LATE),
    # -- DST (Europe/Berlin) ---------------------------------------------------------------
    case("dst-spring-in-2-hours", "через 2 часа созвон", "deadline", None, "созвон", "2026-03-29 04:30+02:00", now="2026-03-29 01:30", tz=BERLIN),
    case("dst-spring-tomorrow-10", "завтра в 10 созвон", "deadline", None, "созвон", "2026-03-29 10:00+02:00", now="2026-03-28 12:00", tz=BERLIN),
    case("dst-spring-skipped-wall-time", "завтра в 2:30 деплой", "deadline", None, "деплой", "2026-03-29 03:30+02:00", now="2026-03-28 12:00", tz=BERLIN),
    case("dst-spring-in-3-days", "через 3 дня отчёт", "deadline", None, "отчёт", "2026-03-30 18:00+02:00", now="2026-03-27 12:00", tz=BERLIN),
    case("dst-autumn-in-2-hours", "через 2 часа созвон", "deadline", None, "созвон", "2026-10-25 02:30+01:00", now="2026-10-25 01:30", tz=BERLIN),
    case("dst-autumn-tomorrow-10", "завтра в 10 созвон", "deadline", None, "созвон", "2026-10-25 10:00+01:00", now="2026-10-24 12:00", tz=BERLIN),
    case("dst-autumn-repeated-wall-time", "в 2:30 деплой", "deadline", None, "деплой", "2026-10-25 02:30+02:00", now="2026-10-25 01:30", tz=BERLIN),
    case("dst-autumn-in-2-hours-en", "call Acme in 2 hours", "deadline", None, "call Acme", "2026-10-25 02:30+01:00", now="2026-10-25 01:30", tz=BERLIN),
)  # fmt: skip
