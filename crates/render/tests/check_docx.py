"""Reads a DOCX with python-docx and prints what the Rust test asserts on, as JSON:
page size, margins and gutter (inches), the mirrored-margins setting, the heading
paragraphs (style, text, page break before) and the core properties."""

import json
import sys

import docx
from docx.oxml.ns import qn


def main(path):
    document = docx.Document(path)
    section = document.sections[0]
    headings = [
        {
            "style": p.style.name,
            "text": p.text,
            "page_break_before": bool(p.paragraph_format.page_break_before),
        }
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    styles = {s.style_id: s.name for s in document.styles if s.type == docx.enum.style.WD_STYLE_TYPE.PARAGRAPH}
    report = {
        "page_width": section.page_width.inches,
        "page_height": section.page_height.inches,
        "left_margin": section.left_margin.inches,
        "right_margin": section.right_margin.inches,
        "top_margin": section.top_margin.inches,
        "bottom_margin": section.bottom_margin.inches,
        "gutter": section.gutter.inches,
        "mirror_margins": document.settings.element.find(qn("w:mirrorMargins")) is not None,
        "headings": headings,
        "styles": styles,
        "title": document.core_properties.title,
        "author": document.core_properties.author,
        "language": document.core_properties.language,
        "paragraphs_without_style": sum(1 for p in document.paragraphs if p.style is None),
    }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
