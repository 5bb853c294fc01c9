"""The convention document (reference §4.1): context, French filters, template choice, .docx rendering, PDF
conversion and the final document of a validated convention. See docs/documents.md.

Public API (imported lazily, so that build_templates.py runs without Django set up):
    choose_template(convention) -> "HLM" | "SEM" | "Type1" | "Type2"   (TypeConventionManquant otherwise)
    build_context(convention) -> dict                                  (the data the templates print)
    render_docx(convention) -> RenderedDocument(contenu, contexte, modele)
    convert_to_pdf(docx_bytes) -> bytes                                (LibreOfficeAbsent, ConversionError)
    services.produce_final_document(convention=…), services.send_validated_mail(convention=…, validated_by=…)
"""

import importlib

_API = {
    "build_context": "contexte",
    "snapshot": "contexte",
    "watermark_text": "contexte",
    "DOCX_MIMETYPE": "generation",
    "PDF_MIMETYPE": "generation",
    "RenderedDocument": "generation",
    "file_name": "generation",
    "render_docx": "generation",
    "DocumentError": "modeles",
    "TypeConventionManquant": "modeles",
    "choose_template": "modeles",
    "ConversionError": "pdf",
    "LibreOfficeAbsent": "pdf",
    "convert_to_pdf": "pdf",
}

__all__ = sorted(_API)


def __getattr__(name):
    if name in _API:
        return getattr(importlib.import_module(f"conventions.documents.{_API[name]}"), name)
    raise AttributeError(name)
