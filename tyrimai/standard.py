"""Questionnaires shipped with the portal, in ``tyrimai.questionnaire``'s data shape.

``TEMPLATE`` is a library-satisfaction questionnaire written for the portal in its own
words: the well-known instruments (LibQUAL+, LibSat) are licensed, so only their ideas are
taken — how often and why people come, how they rate each service, one overall
satisfaction statement (the study's key question, set beside the library's statistics), a
0–10 recommendation, what is missing, and a few facts about the respondent for filters.

Every text is in Lithuanian, English, Russian and Polish (the territory's minorities); a
study shows the languages it lists. Codes (Q1…, option numbers) are what the exports write,
so they never change between rounds: results compare year to year by code."""

from django.utils.translation import gettext_lazy as _


def _t(lt: str, en: str, ru: str, pl: str) -> dict:
    return {"lt": lt, "en": en, "ru": ru, "pl": pl}


def _options(*labels: dict, row: bool = False) -> list[dict]:
    return [{"code": code, "label": label, "row": row}
            for code, label in enumerate(labels, start=1)]


MANY = _t("Galite pasirinkti kelis atsakymus.", "You may choose more than one answer.",
          "Можно выбрать несколько ответов.", "Można wybrać kilka odpowiedzi.")

AGREEMENT = _options(
    _t("Visiškai nesutinku", "Strongly disagree", "Совершенно не согласен(-на)",
       "Zdecydowanie się nie zgadzam"),
    _t("Nesutinku", "Disagree", "Не согласен(-на)", "Raczej się nie zgadzam"),
    _t("Nei sutinku, nei nesutinku", "Neither agree nor disagree",
       "Отчасти согласен(-на), отчасти нет", "Ani się zgadzam, ani się nie zgadzam"),
    _t("Sutinku", "Agree", "Согласен(-на)", "Raczej się zgadzam"),
    _t("Visiškai sutinku", "Strongly agree", "Полностью согласен(-на)",
       "Zdecydowanie się zgadzam"),
)

RATING = _options(
    _t("Labai blogai", "Very poor", "Очень плохо", "Bardzo źle"),
    _t("Blogai", "Poor", "Плохо", "Źle"),
    _t("Vidutiniškai", "Fair", "Удовлетворительно", "Przeciętnie"),
    _t("Gerai", "Good", "Хорошо", "Dobrze"),
    _t("Puikiai", "Excellent", "Отлично", "Bardzo dobrze"),
)

SERVICES = _options(
    _t("Knygų ir kitų leidinių pasirinkimas", "Choice of books and other items",
       "Выбор книг и других изданий", "Wybór książek i innych materiałów"),
    _t("Darbo laikas", "Opening hours", "Часы работы", "Godziny otwarcia"),
    _t("Darbuotojų paslaugumas ir kompetencija", "Staff helpfulness and knowledge",
       "Отзывчивость и компетентность сотрудников", "Uprzejmość i kompetencje pracowników"),
    _t("Patalpos ir patogumas (vietos skaityti, tyla, šviesa)",
       "Space and comfort (places to read, quiet, light)",
       "Помещения и удобство (места для чтения, тишина, освещение)",
       "Pomieszczenia i wygoda (miejsca do czytania, cisza, oświetlenie)"),
    _t("Renginiai ir edukaciniai užsiėmimai", "Events and learning activities",
       "Мероприятия и образовательные занятия", "Wydarzenia i zajęcia edukacyjne"),
    _t("Elektroninis katalogas ir paslaugos internetu", "Online catalogue and e-services",
       "Электронный каталог и услуги в интернете", "Katalog elektroniczny i usługi online"),
    _t("Kompiuteriai ir interneto ryšys", "Computers and internet connection",
       "Компьютеры и доступ к интернету", "Komputery i dostęp do internetu"),
    row=True,
)

#: Visit frequency codes 5 and 6 are the rare visitors (the show-if of Q2).
RARE_VISITORS = [5, 6]

TEMPLATE = {
    "intro": _t(
        "Biblioteka nori geriau pažinti savo lankytojus ir jų poreikius. Apklausa anoniminė "
        "ir užtruks apie 5 minutes. Ačiū, kad skiriate laiko!",
        "The library wants to know its users and their needs better. The questionnaire is "
        "anonymous and takes about 5 minutes. Thank you for your time!",
        "Библиотека хочет лучше узнать своих читателей и их потребности. Опрос анонимный и "
        "займёт около 5 минут. Спасибо, что уделили время!",
        "Biblioteka chce lepiej poznać swoich czytelników i ich potrzeby. Ankieta jest "
        "anonimowa i zajmie około 5 minut. Dziękujemy za poświęcony czas!"),
    "thanks": _t(
        "Dėkojame! Jūsų atsakymai padės bibliotekai tobulėti.",
        "Thank you! Your answers will help the library improve.",
        "Спасибо! Ваши ответы помогут библиотеке стать лучше.",
        "Dziękujemy! Odpowiedzi pomogą bibliotece stać się lepszą."),
    "key_question": "Q5",
    "sections": [
        {"title": _t("Apsilankymai bibliotekoje", "Your visits", "Посещение библиотеки",
                     "Wizyty w bibliotece"),
         "questions": [
             {"code": "Q1", "kind": "single", "required": True,
              "text": _t("Kaip dažnai lankotės šioje bibliotekoje?",
                         "How often do you visit this library?",
                         "Как часто вы посещаете эту библиотеку?",
                         "Jak często odwiedza Pan/Pani tę bibliotekę?"),
              "options": _options(
                  _t("Kelis kartus per savaitę", "Several times a week",
                     "Несколько раз в неделю", "Kilka razy w tygodniu"),
                  _t("Maždaug kartą per savaitę", "About once a week",
                     "Примерно раз в неделю", "Mniej więcej raz w tygodniu"),
                  _t("Kelis kartus per mėnesį", "A few times a month",
                     "Несколько раз в месяц", "Kilka razy w miesiącu"),
                  _t("Maždaug kartą per mėnesį", "About once a month",
                     "Примерно раз в месяц", "Mniej więcej raz w miesiącu"),
                  _t("Kelis kartus per metus", "A few times a year", "Несколько раз в год",
                     "Kilka razy w roku"),
                  _t("Rečiau nei kartą per metus arba esu čia pirmą kartą",
                     "Less than once a year, or this is my first visit",
                     "Реже одного раза в год или я здесь впервые",
                     "Rzadziej niż raz w roku lub jestem tu po raz pierwszy"))},
             {"code": "Q2", "kind": "multiple", "allow_other": True,
              "show_if": "Q1", "show_if_codes": RARE_VISITORS, "help_text": MANY,
              "text": _t("Kas trukdo lankytis bibliotekoje dažniau?",
                         "What keeps you from visiting the library more often?",
                         "Что мешает вам посещать библиотеку чаще?",
                         "Co przeszkadza Panu/Pani częściej odwiedzać bibliotekę?"),
              "options": _options(
                  _t("Neturiu laiko", "I have no time", "Нет времени", "Nie mam czasu"),
                  _t("Nepatogus darbo laikas", "The opening hours do not suit me",
                     "Неудобные часы работы", "Niedogodne godziny otwarcia"),
                  _t("Sunku atvykti (toli, nepatogus susisiekimas)",
                     "It is hard to get to (far away, poor transport)",
                     "Трудно добраться (далеко, неудобный транспорт)",
                     "Trudno dojechać (daleko, słaby dojazd)"),
                  _t("Nerandu to, ko man reikia", "I do not find what I need",
                     "Не нахожу того, что мне нужно", "Nie znajduję tego, czego potrzebuję"),
                  _t("Informacijos randu kitur (internete, knygynuose)",
                     "I find information elsewhere (online, in bookshops)",
                     "Нахожу информацию в другом месте (в интернете, в книжных магазинах)",
                     "Informacje znajduję gdzie indziej (w internecie, w księgarniach)"),
                  _t("Nežinau, ką biblioteka siūlo", "I do not know what the library offers",
                     "Не знаю, что предлагает библиотека", "Nie wiem, co oferuje biblioteka"))},
             {"code": "Q3", "kind": "multiple", "allow_other": True, "help_text": MANY,
              "text": _t("Kokiais tikslais dažniausiai lankotės bibliotekoje?",
                         "What do you usually come to the library for?",
                         "С какой целью вы чаще всего приходите в библиотеку?",
                         "W jakim celu najczęściej przychodzi Pan/Pani do biblioteki?"),
              "options": _options(
                  _t("Pasiimti knygų ar kitų leidinių", "To borrow books or other items",
                     "Взять книги или другие издания", "Wypożyczyć książki lub inne materiały"),
                  _t("Skaityti laikraščius ir žurnalus vietoje",
                     "To read newspapers and magazines on site",
                     "Почитать газеты и журналы на месте",
                     "Poczytać gazety i czasopisma na miejscu"),
                  _t("Mokytis ar dirbti", "To study or work", "Учиться или работать",
                     "Uczyć się lub pracować"),
                  _t("Naudotis kompiuteriais ir internetu",
                     "To use the computers and the internet",
                     "Пользоваться компьютерами и интернетом",
                     "Korzystać z komputerów i internetu"),
                  _t("Dalyvauti renginiuose ar užsiėmimuose", "To attend events or activities",
                     "Посещать мероприятия или занятия",
                     "Uczestniczyć w wydarzeniach lub zajęciach"),
                  _t("Gauti bibliotekininkų pagalbos ar informacijos",
                     "To get help or information from librarians",
                     "Получить помощь или справку у библиотекаря",
                     "Uzyskać pomoc lub informację od bibliotekarza"),
                  _t("Spausdinti, kopijuoti ar skenuoti", "To print, copy or scan",
                     "Распечатать, скопировать или отсканировать",
                     "Wydrukować, skopiować lub zeskanować"),
                  _t("Praleisti laisvalaikį, susitikti su žmonėmis",
                     "To spend free time or meet people",
                     "Провести свободное время, встретиться с людьми",
                     "Spędzić wolny czas, spotkać się z ludźmi"),
                  _t("Atlydėti vaikų", "To bring my children", "Привести детей",
                     "Przyprowadzić dzieci"))},
         ]},
        {"title": _t("Bibliotekos paslaugos", "The library's services", "Услуги библиотеки",
                     "Usługi biblioteki"),
         "questions": [
             {"code": "Q4", "kind": "matrix",
              "text": _t("Kaip vertinate šias bibliotekos paslaugas ir sąlygas?",
                         "How would you rate these services and conditions of the library?",
                         "Как вы оцениваете следующие услуги и условия библиотеки?",
                         "Jak ocenia Pan/Pani następujące usługi i warunki biblioteki?"),
              "help_text": _t("Jei paslauga nesinaudojote, eilutę palikite tuščią.",
                              "Leave a row empty if you have not used the service.",
                              "Если вы не пользовались услугой, оставьте строку пустой.",
                              "Jeśli nie korzystał(a) Pan/Pani z usługi, prosimy zostawić "
                              "wiersz pusty."),
              "options": RATING + SERVICES},
         ]},
        {"title": _t("Bendras įvertinimas", "Overall", "Общая оценка", "Ocena ogólna"),
         "questions": [
             {"code": "Q5", "kind": "likert", "required": True, "scale_points": 5,
              "text": _t("Apskritai esu patenkintas (-a) šios bibliotekos paslaugomis.",
                         "Overall, I am satisfied with this library's services.",
                         "В целом я доволен (довольна) услугами этой библиотеки.",
                         "Ogólnie jestem zadowolony (zadowolona) z usług tej biblioteki."),
              "options": AGREEMENT},
             {"code": "Q6", "kind": "nps",
              "text": _t("Kaip tikėtina, kad rekomenduotumėte šią biblioteką draugams ar "
                         "pažįstamiems?",
                         "How likely are you to recommend this library to friends or "
                         "acquaintances?",
                         "Насколько вероятно, что вы порекомендуете эту библиотеку друзьям "
                         "или знакомым?",
                         "Jak bardzo prawdopodobne jest, że poleci Pan/Pani tę bibliotekę "
                         "znajomym?"),
              "help_text": _t("0 – tikrai nerekomenduočiau, 10 – tikrai rekomenduočiau.",
                              "0 – certainly not, 10 – certainly yes.",
                              "0 – точно не порекомендую, 10 – обязательно порекомендую.",
                              "0 – na pewno nie polecę, 10 – na pewno polecę.")},
             {"code": "Q7", "kind": "long",
              "text": _t("Ko jums bibliotekoje trūksta? Ką turėtume pakeisti ar patobulinti?",
                         "What do you miss in the library? What should we change or improve?",
                         "Чего вам не хватает в библиотеке? Что нам стоит изменить или "
                         "улучшить?",
                         "Czego brakuje Panu/Pani w bibliotece? Co powinniśmy zmienić lub "
                         "poprawić?")},
         ]},
        {"title": _t("Apie jus", "About you", "О вас", "Kilka słów o Panu/Pani"),
         "questions": [
             {"code": "Q8", "kind": "single",
              "text": _t("Jūsų amžius", "Your age", "Ваш возраст", "Wiek"),
              "options": _options(
                  _t("Iki 14 metų", "14 or younger", "До 14 лет", "Do 14 lat"),
                  _t("15–19 metų", "15–19", "15–19 лет", "15–19 lat"),
                  _t("20–29 metų", "20–29", "20–29 лет", "20–29 lat"),
                  _t("30–44 metų", "30–44", "30–44 года", "30–44 lata"),
                  _t("45–64 metų", "45–64", "45–64 года", "45–64 lata"),
                  _t("65 metų ir daugiau", "65 or older", "65 лет и старше",
                     "65 lat i więcej"))},
             {"code": "Q9", "kind": "single",
              "text": _t("Lytis", "Gender", "Пол", "Płeć"),
              "options": _options(
                  _t("Moteris", "Woman", "Женщина", "Kobieta"),
                  _t("Vyras", "Man", "Мужчина", "Mężczyzna"),
                  _t("Nenoriu nurodyti", "Prefer not to say", "Предпочитаю не указывать",
                     "Wolę nie podawać"))},
             {"code": "Q10", "kind": "single", "allow_other": True,
              "text": _t("Jūsų pagrindinė veikla", "Your main occupation",
                         "Ваш основной род занятий", "Główne zajęcie"),
              "options": _options(
                  _t("Mokausi mokykloje", "At school", "Учусь в школе", "Uczę się w szkole"),
                  _t("Studijuoju", "Studying (college, university)",
                     "Учусь в колледже или вузе", "Studiuję"),
                  _t("Dirbu", "Employed", "Работаю", "Pracuję"),
                  _t("Ūkininkauju arba dirbu savarankiškai", "Farmer or self-employed",
                     "Веду фермерское хозяйство или работаю на себя",
                     "Prowadzę gospodarstwo rolne lub własną działalność"),
                  _t("Nedirbu", "Not working", "Не работаю", "Nie pracuję"),
                  _t("Esu pensininkas (-ė)", "Retired", "На пенсии", "Jestem na emeryturze"),
                  _t("Esu vaiko priežiūros atostogose", "On parental leave",
                     "В отпуске по уходу за ребёнком", "Jestem na urlopie rodzicielskim"))},
         ]},
        {"title": _t("Kontaktai (neprivaloma)", "Contact (optional)", "Контакты (по желанию)",
                     "Kontakt (nieobowiązkowo)"),
         "questions": [
             {"code": "Q11", "kind": "short", "personal": True,
              "text": _t("Jei norite, kad su jumis susisiektume dėl jūsų pasiūlymų, "
                         "palikite el. pašto adresą.",
                         "If you would like us to get back to you about your suggestions, "
                         "leave your e-mail address.",
                         "Если вы хотите, чтобы мы связались с вами по поводу ваших "
                         "предложений, оставьте адрес электронной почты.",
                         "Jeśli chce Pan/Pani, abyśmy odpowiedzieli na Pana/Pani sugestie, "
                         "prosimy podać adres e-mail."),
              "help_text": _t("Neprivaloma. Adresas naudojamas tik atsakyti jums ir nerodomas "
                              "tyrimo rezultatuose.",
                              "Optional. The address is used only to reply to you and is not "
                              "shown in the study's results.",
                              "Необязательно. Адрес используется только для ответа вам и не "
                              "отображается в результатах исследования.",
                              "Nieobowiązkowe. Adres posłuży wyłącznie do odpowiedzi i nie "
                              "pojawi się w wynikach badania.")},
         ]},
    ],
}

#: The shipped questionnaires a new study may start from: key → (label, data). The key is
#: kept in ``Study.template``.
TEMPLATES = {
    "satisfaction": (_("Library user satisfaction"), TEMPLATE),
}
