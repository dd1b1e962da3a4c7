"""HTML (an article's body) to clean Markdown (placeholder until the HTML reader lands)."""

from __future__ import annotations

from markdownify import markdownify


def html_to_markdown(html: str) -> str:
    return markdownify(html, heading_style="ATX").strip() + "\n"
