"""Reads a DOCX with python-docx and prints what the Rust test asserts on, as JSON:
page size, margins and gutter (inches), the mirrored-margins setting, the heading
paragraphs (style, text, page break before), the writing areas (ruled paragraphs by style,
with the rule their style draws, and the grid tables' rows, columns and inside borders) and
the core properties."""

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
    lines = {}
    for p in document.paragraphs:
        if p.style is not None and p.style.name.startswith("Writing"):
            lines[p.style.name] = lines.get(p.style.name, 0) + 1
    rules = {}
    for style in document.styles:
        if style.type == docx.enum.style.WD_STYLE_TYPE.PARAGRAPH and style.name.startswith("Writing"):
            bottom = style.element.find(".//" + qn("w:pBdr") + "/" + qn("w:bottom"))
            if bottom is not None:
                rules[style.name] = {"val": bottom.get(qn("w:val")), "sz": int(bottom.get(qn("w:sz")))}
    grids = []
    for table in document.tables:
        inside = table._tbl.tblPr.find(qn("w:tblBorders") + "/" + qn("w:insideV"))
        grids.append(
            {
                "rows": len(table.rows),
                "cols": len(table.columns),
                "inside_sz": int(inside.get(qn("w:sz"))) if inside is not None else 0,
            }
        )
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
        "writing_lines": lines,
        "rules": rules,
        "grids": grids,
        "paragraphs_without_style": sum(1 for p in document.paragraphs if p.style is None),
    }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
