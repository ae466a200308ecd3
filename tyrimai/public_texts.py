"""The public answer page's own words (buttons, messages) in the questionnaire's languages.

Not gettext: the portal's interface speaks Lithuanian and English, but a respondent reads
the questionnaire in Lithuanian, English, Russian or Polish (the territory's minorities),
chosen on the page itself (``?kalba=``), whatever the portal's language is. Every key has
all four languages (a test checks it); ``{name}`` placeholders are filled by ``text``."""

from decimal import Decimal

TEXTS: dict[str, dict[str, str]] = {
    "title_suffix": {"lt": "Apklausa", "en": "Survey", "ru": "Опрос", "pl": "Ankieta"},
    "submit": {"lt": "Pateikti", "en": "Submit", "ru": "Отправить", "pl": "Wyślij"},
    "required": {"lt": "privaloma", "en": "required", "ru": "обязательно",
                 "pl": "wymagane"},
    "required_note": {"lt": "Klausimai, pažymėti *, privalomi.",
                      "en": "Questions marked * are required.",
                      "ru": "Вопросы, отмеченные *, обязательны.",
                      "pl": "Pytania oznaczone * są wymagane."},
    "anonymous": {"lt": "Apklausa anoniminė: atsakymai saugomi be vardo ir adreso.",
                  "en": "The survey is anonymous: answers are kept without a name or "
                        "address.",
                  "ru": "Опрос анонимный: ответы хранятся без имени и адреса.",
                  "pl": "Ankieta jest anonimowa: odpowiedzi są przechowywane bez imienia "
                        "i adresu."},
    "errors_title": {"lt": "Patikrinkite šiuos atsakymus:",
                     "en": "Please check these answers:",
                     "ru": "Пожалуйста, проверьте эти ответы:",
                     "pl": "Sprawdź te odpowiedzi:"},
    "thanks_title": {"lt": "Ačiū!", "en": "Thank you!", "ru": "Спасибо!",
                     "pl": "Dziękujemy!"},
    "thanks": {"lt": "Jūsų atsakymai gauti. Dėkojame, kad skyrėte laiko.",
               "en": "Your answers have been received. Thank you for your time.",
               "ru": "Ваши ответы получены. Спасибо, что уделили время.",
               "pl": "Twoje odpowiedzi zostały przyjęte. Dziękujemy za poświęcony czas."},
    "closed": {"lt": "Ši apklausa šiuo metu atsakymų nepriima.",
               "en": "This survey is not accepting answers now.",
               "ru": "Этот опрос сейчас не принимает ответы.",
               "pl": "Ta ankieta nie przyjmuje teraz odpowiedzi."},
    "not_participating": {"lt": "Ši biblioteka šioje apklausoje atsakymų nerenka.",
                          "en": "This library is not collecting answers for this survey.",
                          "ru": "Эта библиотека не собирает ответы на этот опрос.",
                          "pl": "Ta biblioteka nie zbiera odpowiedzi w tej ankiecie."},
    "already_answered": {"lt": "Iš šio įrenginio į apklausą jau atsakyta. Ačiū!",
                         "en": "This survey has already been answered from this device. "
                               "Thank you!",
                         "ru": "С этого устройства на опрос уже ответили. Спасибо!",
                         "pl": "Z tego urządzenia już udzielono odpowiedzi. Dziękujemy!"},
    "too_many": {"lt": "Iš šio tinklo gauta per daug atsakymų. Pabandykite vėliau.",
                 "en": "Too many answers have come from this network. Please try again "
                       "later.",
                 "ru": "Из этой сети получено слишком много ответов. Попробуйте позже.",
                 "pl": "Z tej sieci przyszło zbyt wiele odpowiedzi. Spróbuj później."},
    "expired": {"lt": "Forma pasibaigė. Patikrinkite atsakymus ir pateikite dar kartą.",
                "en": "The form has expired. Please check your answers and submit again.",
                "ru": "Срок действия формы истёк. Проверьте ответы и отправьте ещё раз.",
                "pl": "Formularz wygasł. Sprawdź odpowiedzi i wyślij ponownie."},
    "consent": {"lt": "Sutinku, kad mano kontaktiniai duomenys būtų naudojami tik atsakyti "
                      "man dėl šios apklausos.",
                "en": "I agree that my contact details are used only to reply to me "
                      "about this survey.",
                "ru": "Я согласен(-на), чтобы мои контактные данные использовались только "
                      "для ответа мне по этому опросу.",
                "pl": "Zgadzam się, aby moje dane kontaktowe były użyte wyłącznie do "
                      "odpowiedzi w sprawie tej ankiety."},
    "consent_help": {"lt": "Neprivaloma. Be sutikimo kontaktiniai duomenys nesaugomi.",
                     "en": "Optional. Without consent, contact details are not kept.",
                     "ru": "Необязательно. Без согласия контактные данные не сохраняются.",
                     "pl": "Opcjonalne. Bez zgody dane kontaktowe nie są zapisywane."},
    "language": {"lt": "Kalba", "en": "Language", "ru": "Язык", "pl": "Język"},
    "progress": {"lt": "{number} dalis iš {total}", "en": "Part {number} of {total}",
                 "ru": "Часть {number} из {total}", "pl": "Część {number} z {total}"},
    "other": {"lt": "Kita", "en": "Other", "ru": "Другое", "pl": "Inne"},
    "other_write": {"lt": "Kita (įrašykite)", "en": "Other (please write)",
                    "ru": "Другое (впишите)", "pl": "Inne (wpisz)"},
    "choose_several": {"lt": "Galima pasirinkti kelis atsakymus.",
                       "en": "You may choose several answers.",
                       "ru": "Можно выбрать несколько ответов.",
                       "pl": "Można wybrać kilka odpowiedzi."},
    "nps_low": {"lt": "0 – tikrai ne", "en": "0 – not at all likely",
                "ru": "0 – точно нет", "pl": "0 – zdecydowanie nie"},
    "nps_high": {"lt": "10 – tikrai taip", "en": "10 – extremely likely",
                 "ru": "10 – обязательно", "pl": "10 – zdecydowanie tak"},
    "number_hint": {"lt": "Skaičius, pvz., 34 arba 34,5", "en": "A number, e.g. 34 or 34.5",
                    "ru": "Число, например 34 или 34,5", "pl": "Liczba, np. 34 lub 34,5"},
    "kiosk": {"lt": "Kioskas", "en": "Kiosk", "ru": "Киоск", "pl": "Kiosk"},
    "next_respondent": {"lt": "Kitas respondentas", "en": "Next respondent",
                        "ru": "Следующий участник", "pl": "Następna osoba"},
    "kiosk_return": {"lt": "Po kelių sekundžių forma atsivers iš naujo kitam respondentui.",
                     "en": "In a few seconds the form opens again for the next respondent.",
                     "ru": "Через несколько секунд форма откроется снова для следующего "
                           "участника.",
                     "pl": "Za kilka sekund formularz otworzy się ponownie dla następnej "
                           "osoby."},
    "kiosk_wait": {"lt": "Palaukite kelias sekundes ir pateikite dar kartą.",
                   "en": "Please wait a few seconds and submit again.",
                   "ru": "Подождите несколько секунд и отправьте ещё раз.",
                   "pl": "Poczekaj kilka sekund i wyślij ponownie."},
    "kiosk_end": {"lt": "Baigti kiosko režimą (darbuotojams)",
                  "en": "End kiosk mode (staff)",
                  "ru": "Завершить режим киоска (для сотрудников)",
                  "pl": "Zakończ tryb kiosku (dla pracowników)"},
    "error_required": {"lt": "Atsakykite į šį klausimą.", "en": "Please answer this question.",
                       "ru": "Пожалуйста, ответьте на этот вопрос.",
                       "pl": "Odpowiedz na to pytanie."},
    "error_choice": {"lt": "Pasirinkite vieną iš pateiktų atsakymų.",
                     "en": "Please choose one of the answers given.",
                     "ru": "Выберите один из предложенных ответов.",
                     "pl": "Wybierz jedną z podanych odpowiedzi."},
    "error_one_or_other": {"lt": "Pasirinkite atsakymą arba įrašykite savo, ne abu.",
                           "en": "Choose an answer or write your own, not both.",
                           "ru": "Выберите ответ или впишите свой, но не оба.",
                           "pl": "Wybierz odpowiedź albo wpisz własną, nie obie."},
    "error_every_row": {"lt": "Atsakykite į kiekvieną eilutę.",
                        "en": "Please answer every row.",
                        "ru": "Ответьте, пожалуйста, на каждую строку.",
                        "pl": "Odpowiedz w każdym wierszu."},
    "error_too_long": {"lt": "Atsakymas per ilgas (daugiausia {limit} simbolių).",
                       "en": "The answer is too long (at most {limit} characters).",
                       "ru": "Ответ слишком длинный (не более {limit} символов).",
                       "pl": "Odpowiedź jest za długa (najwyżej {limit} znaków)."},
    "error_number": {"lt": "Įrašykite skaičių, pvz., 34 arba 34,5.",
                     "en": "Please enter a number, e.g. 34 or 34.5.",
                     "ru": "Введите число, например 34 или 34,5.",
                     "pl": "Wpisz liczbę, np. 34 lub 34,5."},
    "error_range": {"lt": "Skaičius turi būti nuo {low} iki {high}.",
                    "en": "The number must be between {low} and {high}.",
                    "ru": "Число должно быть от {low} до {high}.",
                    "pl": "Liczba musi być od {low} do {high}."},
    "error_empty": {"lt": "Atsakykite bent į vieną klausimą.",
                    "en": "Please answer at least one question.",
                    "ru": "Ответьте хотя бы на один вопрос.",
                    "pl": "Odpowiedz na co najmniej jedno pytanie."},
}


def language_of(value: str | None, languages) -> str:
    """The page's language: ``value`` when the study offers it, else Lithuanian."""
    value = (value or "").strip().lower()[:2]
    return value if value in languages else "lt"


def text(key: str, language: str, **values) -> str:
    """One text in ``language`` (Lithuanian when missing), placeholders filled."""
    texts = TEXTS[key]
    result = texts.get(language) or texts["lt"]
    return result.format(**values) if values else result


def texts_for(language: str) -> dict[str, str]:
    """Every text in one language, for the templates (``{{ t.submit }}``)."""
    return {key: text(key, language) for key in TEXTS}


def plain_number(value, language: str) -> str:
    """A limit as people write it: no trailing zeros, a decimal comma except in English."""
    if value is None:
        return "…"
    number = Decimal(value).normalize()
    written = f"{number:f}"
    return written if language == "en" else written.replace(".", ",")

