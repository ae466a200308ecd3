"""Two parts of a DOCX the renderer adds for a formal document (the annual plan and
report): a title page, and headings numbered by Word itself — a multi-level list ("1.",
"1.1.", "1.1.1.") bound to the Heading 1–3 styles, so a heading added or moved in Word is
renumbered there. Plain python-docx content: no fields, no content controls."""

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

__all__ = ["LEVEL_TEXT", "number_headings", "title_page"]

#: The number each heading level shows.
LEVEL_TEXT = ("%1.", "%1.%2.", "%1.%2.%3.")
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")


def title_page(word, *, organisation: str, title: str, subtitle: str = "") -> None:
    """The organisation, the title and the subtitle, centred in the page's upper third,
    then a page break."""
    kicker = word.add_paragraph()
    kicker.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kicker.paragraph_format.space_before = Cm(6)
    kicker.paragraph_format.space_after = Cm(1.5)
    run = kicker.add_run(organisation)
    run.bold = True
    run.font.size = Pt(14)
    heading = word.add_heading(title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if subtitle:
        word.add_paragraph(subtitle, style="Subtitle").alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _element(tag: str, **attributes):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _abstract_numbering(abstract_id: int, style_ids: list[str]):
    """The multi-level list: level n shows ``LEVEL_TEXT[n]`` and is bound to the n-th
    heading style (``w:pStyle``), hanging so the text lines up after the number."""
    abstract = _element("w:abstractNum", abstractNumId=abstract_id)
    abstract.append(_element("w:multiLevelType", val="multilevel"))
    for level, (text, style_id) in enumerate(zip(LEVEL_TEXT, style_ids, strict=True)):
        lvl = _element("w:lvl", ilvl=level)
        lvl.append(_element("w:start", val=1))
        lvl.append(_element("w:numFmt", val="decimal"))
        lvl.append(_element("w:pStyle", val=style_id))
        lvl.append(_element("w:lvlText", val=text))
        lvl.append(_element("w:lvlJc", val="left"))
        properties = _element("w:pPr")
        hanging = 567 + 284 * level       # 1 cm, then half a centimetre more per level
        properties.append(_element("w:ind", left=hanging, hanging=hanging))
        lvl.append(properties)
        abstract.append(lvl)
    return abstract


def _number_properties(properties, *, num_id: int, level: int) -> None:
    numbering = properties.get_or_add_numPr()
    numbering.get_or_add_ilvl().val = level
    numbering.get_or_add_numId().val = num_id


def number_headings(word, numbered_headings) -> int:
    """Number the Heading 1–3 styles with one multi-level list and return its ``numId``.
    Every other paragraph in those styles (an unnumbered chapter such as the introduction,
    a table's title, a narrative's own heading) is taken out of the list (``numId`` 0), so
    Word counts exactly the headings in ``numbered_headings``."""
    numbering = word.part.numbering_part.element
    styles = [word.styles[name] for name in HEADING_STYLES]
    taken = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract = _abstract_numbering(max(taken, default=-1) + 1, [s.style_id for s in styles])
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:       # the schema keeps every abstractNum before the nums
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = numbering.add_num(int(abstract.get(qn("w:abstractNumId")))).numId
    for level, style in enumerate(styles):
        _number_properties(style.element.get_or_add_pPr(), num_id=num_id, level=level)
    counted = {id(paragraph._p) for paragraph in numbered_headings}
    style_ids = {style.style_id for style in styles}
    for paragraph in word.paragraphs:
        if id(paragraph._p) not in counted and _numbered_style(paragraph.style, style_ids):
            _number_properties(paragraph._p.get_or_add_pPr(), num_id=0, level=0)
    return num_id


def _numbered_style(style, style_ids) -> bool:
    """Whether a paragraph style is a numbered heading style or based on one (the
    contents' heading is based on Heading 1 and would inherit its number)."""
    seen = 0
    while style is not None and seen < 10:
        if style.style_id in style_ids:
            return True
        style, seen = style.base_style, seen + 1
    return False
