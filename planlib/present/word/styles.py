"""The Word document's page and styles, as Nghị định 30/2020/NĐ-CP (Phụ lục I) lays them out.

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13 pt
(every script of the font set, so Vietnamese letters never fall back to another font);
headings 1–3 in black bold; a table style with a grid; the page number centred in the top
margin from the second page on. The text is Vietnamese (``vi-VN``) or English for Word's
spelling checker.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

__all__ = [
    "BODY_PT",
    "FONT",
    "PRINTABLE_WIDTH",
    "TABLE_STYLE",
    "bottom_rule",
    "no_borders",
    "page_number_field",
    "repeat_header",
    "setup_document",
    "shade",
]

#: the body font and its size
FONT = "Times New Roman"
BODY_PT = 13
#: the name of planlib's table style
TABLE_STYLE = "Bảng planlib"
#: A4's width less the left and right margins
PRINTABLE_WIDTH = Mm(210 - 30 - 15)
_LANG = {"vi": "vi-VN", "en": "en-GB"}
# The children that must follow an element we add, in the order of the OOXML schema.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
#: heading level -> size in points
_HEADINGS = {1: 13, 2: 13, 3: 13}


def _font(style: BaseStyle, *, size: float, bold: bool | None = None, lang: str = "vi") -> None:
    """Times New Roman for every script of ``style``, its size, weight and language."""
    font = style.font  # type: ignore[attr-defined]
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.insert_element_before(language, *_AFTER_LANG)
    language.set(qn("w:val"), _LANG[lang])


def _page(document: Document) -> None:
    """A4 portrait with the decree's margins; a different first page (no number on it)."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_number_field(header)


def setup_document(document: Document, lang: str) -> None:
    """Page, body text, headings 1–3, lists and the table style of a report in ``lang``."""
    _page(document)
    styles = document.styles
    normal = styles["Normal"]
    _font(normal, size=BODY_PT, lang=lang)
    normal.paragraph_format.space_after = Pt(4)  # type: ignore[attr-defined]
    normal.paragraph_format.line_spacing = 1.1  # type: ignore[attr-defined]
    for level, size in _HEADINGS.items():
        style = styles[f"Heading {level}"]
        _font(style, size=size, bold=True, lang=lang)
        style.font.italic = level == 3  # type: ignore[attr-defined]
        style.paragraph_format.space_before = Pt(10 if level == 1 else 6)  # type: ignore[attr-defined]
        style.paragraph_format.space_after = Pt(3)  # type: ignore[attr-defined]
        style.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    title = styles["Title"]
    _font(title, size=14, bold=True, lang=lang)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    title.paragraph_format.space_before = Pt(12)  # type: ignore[attr-defined]
    title.paragraph_format.space_after = Pt(6)  # type: ignore[attr-defined]
    title.font.all_caps = True  # type: ignore[attr-defined]
    _no_title_rule(title)
    _font(styles["List Bullet"], size=BODY_PT, lang=lang)
    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Table Grid"]
    _font(table, size=11, lang=lang)
    table.paragraph_format.space_after = Pt(0)  # type: ignore[attr-defined]
    table.paragraph_format.line_spacing = 1.0  # type: ignore[attr-defined]


def _no_title_rule(title: BaseStyle) -> None:
    """Drop the blue rule and the theme colour of python-docx's ``Title`` style."""
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def page_number_field(paragraph: Paragraph) -> None:
    """A ``PAGE`` field: Word shows the page's number there."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def repeat_header(table: Table, rows: int = 1) -> None:
    """Repeat the first ``rows`` rows on every page, and never split any row across pages."""
    for index, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if index < rows:
            trpr.append(OxmlElement("w:tblHeader"))


def shade(cell: object, fill: str) -> None:
    """Fill a table cell (``fill``: ``#rrggbb``)."""
    tcpr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#"))
    tcpr.insert_element_before(shading, *_AFTER_SHD)


def no_borders(table: Table) -> None:
    """A layout table (the header block, the signature): no lines drawn."""
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tblpr.insert_element_before(borders, *_AFTER_TBL_BORDERS)


def bottom_rule(paragraph: Paragraph, indent_mm: float = 22) -> None:
    """The short line under the school's name and the motto: a bottom border, indented."""
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    paragraph.paragraph_format.space_after = Pt(4)
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.insert_element_before(border, *_AFTER_PBDR)
