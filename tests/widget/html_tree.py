"""A fragment of the package's HTML as a small tree, to assert on elements, attributes and
text rather than on the exact spelling of the markup (standard library's parser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements that hold other elements and never text of their own (a browser moves text out of a
# table row or a list), and the blocks that make a <div> a container too.
CONTAINERS = {"(fragment)", "table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "select", "form", "fieldset",
              "details"}
BLOCKS = {"div", "p", "ul", "ol", "table", "form", "fieldset", "details", "blockquote", "pre"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Every piece of text inside, in order, entities decoded."""
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def elements(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]

    def find_all(self, tag: str | None = None, **attrs: str | None) -> list[Element]:
        """Descendants with this tag (any if None) and these attributes (`class_` for class,
        `data_pp_answer` for data-pp-answer; the value None asks only that it is present)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        found = []
        for child in self.elements:
            if (tag is None or child.tag == tag) and all(
                    name in child.attrs and (value is None or child.attrs[name] == value)
                    for name, value in wanted.items()):
                found.append(child)
            found += child.find_all(tag, **attrs)
        return found

    def one(self, tag: str | None = None, **attrs: str | None) -> Element:
        """The only descendant that matches; fails when there are none or several."""
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} elements match {tag} {attrs}"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("(fragment)")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def stray_text(element: Element) -> list[tuple[str, str]]:
    """(parent, text) for each piece of text where no text belongs: in a container, or in a
    <div> that also holds blocks."""
    holds_blocks = element.tag == "div" and any(c.tag in BLOCKS for c in element.elements)
    found = [(element.tag, c) for c in element.children
             if isinstance(c, str) and c.strip() and (element.tag in CONTAINERS or holds_blocks)]
    for child in element.elements:
        found += stray_text(child)
    return found


def parse(html: str) -> Element:
    """The fragment's tree; fails on an end tag that does not close the open element, and on
    text where no text belongs."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed: {[e.tag for e in builder.stack[1:]]}"
    assert stray_text(builder.root) == [], stray_text(builder.root)
    return builder.root


def rows(table: Element) -> list[list[str]]:
    """A table's cells' text, row by row (head and body)."""
    return [[cell.text for cell in row.elements] for row in table.find_all("tr")]
