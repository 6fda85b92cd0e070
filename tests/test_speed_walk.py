"""The compiled segmentation walk (`boilerfree._walk`) gives what the Python walk (`blocks.walk_tree`, the
specification) gives: the same segments, element table and titles, on varied and broken HTML. CI builds the
extension and sets BOILERFREE_REQUIRE_SPEEDUPS=1, so a build that silently fell back to Python fails there."""

from __future__ import annotations

import gc
import html
import importlib.util
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from boilerfree import blocks, speedups
from boilerfree.blocks import Elements, Page, Segment, root_element, segment_html
from boilerfree.corpus import read_shared_corpus
from boilerfree.document import load_document, parse_html
from boilerfree.errors import LimitError

compiled = pytest.mark.skipif(blocks._compiled is None, reason="boilerfree._walk is not built (or BOILERFREE_PURE=1)")


def test_the_compiled_walk_is_built_when_required():
    if os.environ.get("BOILERFREE_REQUIRE_SPEEDUPS", "") in ("", "0"):
        pytest.skip("BOILERFREE_REQUIRE_SPEEDUPS is not set")
    assert os.environ.get("BOILERFREE_PURE", "") in ("", "0"), "BOILERFREE_PURE=1 contradicts the requirement"
    assert blocks._compiled is not None, "boilerfree._walk did not build or import: pip install -e . must compile it"


def test_boilerfree_pure_turns_the_compiled_walk_off(monkeypatch):
    monkeypatch.setenv("BOILERFREE_PURE", "1")
    assert speedups.compiled("_walk") is None
    monkeypatch.setenv("BOILERFREE_PURE", "0")
    assert (speedups.compiled("_walk") is not None) == (importlib.util.find_spec("boilerfree._walk") is not None)


def _record(page: Page) -> tuple:
    segments = [
        (s.text, s.index, s.owner, s.tag, s.words, s.link_chars, s.heading, s.flags, s.blank_before)
        for s in page.segments
    ]
    el = page.elements
    table = (el.tag, el.parent, el.tokens, el.words, el.link_words, el.blocks, el.flags)
    return page.format, segments, table, page.titles


def _both(root, monkeypatch, **limits) -> tuple[object, object]:
    """What segment_html gives (or raises) with the compiled walk, then with the Python walk."""
    results = []
    for walk in (blocks._compiled, None):
        with monkeypatch.context() as m:
            m.setattr(blocks, "_compiled", walk)
            try:
                results.append(_record(segment_html(root, **limits)))
            except LimitError as exc:
                results.append(("LimitError", str(exc)))
    return results[0], results[1]


def _roots(html: str) -> list:
    """The trees a walk is given: the parsed page (from its <html>), its <body>, and the page parsed as Lexbor's
    fragment (whose root is no <html>)."""
    tree = parse_html(html)
    if tree is None:
        return []
    fragment = LexborHTMLParser(html, is_fragment=True).root
    return [tree, tree.body] + ([fragment] if fragment is not None and fragment.is_element_node else [])


_DEEP = "<div>" * 60 + "deep <p>text</p> <b>bold<i>it</i></b> tail" + "</div>" * 60
# a class of 49 distinct tokens, repeated (the compiled walk compares the first 32 one by one, then uses a set)
_MANY = " ".join(f"k{a}{b}" for a in "abcdefg" for b in "abcdefg") * 2
PAGES = {
    "plain": "<html><head><title>T</title></head><body><p>One two.</p><p>Three <a href=x>four five</a>.</p></body>",
    "broken": "<div><p>unclosed <b>bold <i>both</p> after</div><li>item<li>item two<td>cell</table>text</b>",
    "deep": f"<html><body><p>top</p>{_DEEP}<p>after</p></body></html>",
    "hidden": '<body><div style="display: none">gone</div><p hidden>kept hidden</p><span hidden>gone</span>'
    '<p aria-hidden="true">x</p><p aria-hidden="false">y</p><span style="Visibility : Hidden">z</span>'
    '<p style="color:red">kept, with <a href="#">a link</a> inside and a tail.</p><p style="">s</p></body>',
    "comments": "<!-- before all --><!DOCTYPE html><body><p>before<!-- a comment -->after the comment</p><!-- c -->"
    "tail of a comment<?php echo 1 ?>tail of a PI<p>x<!---->y</p><![CDATA[cdata]]>after</body><!-- after all -->",
    "entities": "<body><p>A &amp; B &lt;C&gt; &nbsp;&eacute;&#x1F600;&#8212; &unknown; &#0;</p>"
    '<p class="&amp;x" id="a&lt;b">attr entities</p></body>',
    "non-ascii": '<body><p class="Überschrift grünBox" id="İstanbul">Ünïcode, 東京は晴れ, 😀, ǅ, ß</p>'
    '<div class="ΑρθροΚείμενο"><p>Ελληνικά κείμενα</p></div><p class="K">kelvin</p></body>',
    "br": "<body><div>line one<br>line two<br/><br>line three<span>x<br>y</span></div><p>a<br>b</p></body>",
    "tables": "<body><table><tr><th>h1</th><th>h2</th></tr><tr><td>a <b>b</b></td><td><p>c</p>d</td></tr>"
    "<caption>cap</caption></table></body>",
    "attributes": '<body><div class="ArticleBody mainContent" id="storyText" role="Main" itemprop="articleBody">'
    '<p class="x y x">A paragraph in a marked body.</p></div><menu><li>Home</li></menu><div role="navigation" '
    'class="nav nav--top camelCaseHTMLParser a1b2_c-d" data-x="1"><br>Next<br>Previous</div>'
    '<p class="" id="">empty attributes</p><p CLASS="Upper" ID="Id">upper-case names</p>'
    '<p itemprop="text">itemprop</p><p role="complementary" class="side">aside</p></body>',
    "many tokens": "<body>"
    + "".join(f'<p class="{_MANY} x{i}" id="{_MANY[::-1]}">{i}</p>' for i in range(3))
    + '<p class="nAv Nav nav">x</p><div id="nav-NavNAV">y</div></body>',
    "repeated classes": '<body><ul class="list"><li class="item">a</li><li class="item" id="x">b</li>'
    '<li class="item">c</li><li class="iteM">d</li><li class="item" role="main">e</li><li>f</li><li class="">g</li>'
    '<li class="item">h</li><li class="itém">i</li><li class="itém">j</li></ul></body>',
    "duplicate attributes": '<body><p class="first" class="second" id="a" id="b" hidden hidden>dup</p></body>',
    "skipped": "<body><script>no</script>after script<style>p{}</style><svg><text>no</text></svg>tail"
    "<select><option>o</option></select><textarea>t</textarea><noscript><p>forum post</p></noscript>"
    "<template><p>t</p></template><iframe>i</iframe></body>",
    "schema paywall": '<html><head><title>A headline</title><meta property="og:title" content="OG title">'
    '<script type="application/ld+json">{"isAccessibleForFree": "False", "hasPart": '
    '{"cssSelector": ".paywall, #locked"}}</script></head><body><h1>A headline</h1><p>Free text.</p>'
    '<div class="paywall extra"><p>Subscribe to continue reading.</p></div><div id=locked><p>Locked</p></div>'
    "<h2 class=paywall>h2</h2></body></html>",
    "whitespace": "<body>\n  <div>\n   <p>  spaced\t\n out  </p>  \n  <span> </span>  tail  </div>\n\n</body>",
    "headings and links": "<body><h1><a href=/>Linked title</a></h1><h3>Third</h3><nav><a>a</a> | <a>b</a></nav>"
    "<footer><p>© 2024</p></footer><aside><blockquote><q>quoted</q></blockquote></aside><form><button>go"
    "</button></form><figure><figcaption>cap</figcaption></figure><dl><dt>t</dt><dd>d</dd></dl></body>",
    "upper-case tags": "<BODY><DIV CLASS='Box'><P>Upper</P><BR>after</DIV><Section>s</Section></BODY>",
    "text at the root": "bare text, no tags at all, &amp; an entity",
    "foreign": '<body><svg><a><text>in svg</text></a></svg><math><mi>x</mi></math><p>after <x:y a:b="c">prefixed'
    "</x:y></p><my-element Hidden>custom hidden</my-element><my-block style='display:none'>gone</my-block></body>",
    "template and noscript": "<body><template><p>template content</p></template><noscript><p>no script</p>"
    "</noscript><p>after</p></body>",
    "misnested": "<body><b>bold <p>para</b> after</p><a href=x>link <div>block in link</div> tail</a>"
    "<table><p>foster</p><tr><td>c</td></tr></table></body>",
}


@compiled
@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_compiled_walk_equals_the_python_walk(name, monkeypatch):
    for root in _roots(PAGES[name]):
        compiled_result, python_result = _both(root, monkeypatch)
        assert compiled_result == python_result


@compiled
@pytest.mark.parametrize(
    "limits",
    [{"max_depth": 3}, {"max_depth": 1}, {"max_blocks": 2}, {"max_elements": 5}, {"max_elements": 1}],
)
def test_the_compiled_walk_keeps_the_limits_as_the_python_walk_does(limits, monkeypatch):
    for name in ("deep", "broken", "headings and links", "br", "hidden", "upper-case tags"):
        root = parse_html(PAGES[name])
        compiled_result, python_result = _both(root, monkeypatch, **limits)
        assert compiled_result == python_result


@compiled
def test_the_compiled_walk_reads_any_element_as_root_and_refuses_other_nodes_alike(monkeypatch):
    tree = parse_html("<div><p>one <b>two</b> three</p>tail</div>")
    div = tree.body.first_child
    for top in (div, div.first_child, div.first_child.first_child.next):
        compiled_result, python_result = _both(top, monkeypatch)
        assert compiled_result == python_result
    with pytest.raises(TypeError):
        blocks._compiled.walk("<p>not a tree</p>", Elements(), set(), set(), 1, 1, 1, *([None] * 14))
    for walk in (blocks._compiled, None):
        monkeypatch.setattr(blocks, "_compiled", walk)
        with pytest.raises(ValueError):
            segment_html(div.first_child.first_child)  # a text node
        with pytest.raises(ValueError):
            segment_html(parse_html("<!-- c --><p>x</p>").root.parent)  # the document node
        with pytest.raises(TypeError):
            segment_html("<p>markup, not a tree</p>")


@compiled
def test_the_compiled_walk_makes_segments_as_the_segment_class_does(monkeypatch):
    """The walk fills blocks.Segment's slots itself: the objects are those its constructor makes (equal, every field
    set, collected alike); another class is called as usual."""
    root = parse_html(PAGES["headings and links"])
    segments = segment_html(root).segments
    assert segments and all(type(s) is Segment for s in segments)
    for s in segments:
        made = Segment(s.text, s.index, s.owner, s.tag, s.words, s.link_chars, s.heading, s.flags)
        assert s == made and s.blank_before is False
        assert sys.getrefcount(s.text) > 2 and repr(s) == repr(made)
    del segments
    gc.collect()

    @dataclass
    class Plain:  # no slots: made by calling it
        text: str
        index: int
        owner: int = -1
        tag: str = ""
        words: int = 0
        link_chars: int = 0
        heading: int = 0
        flags: int = 0
        blank_before: bool = False

    @dataclass(slots=True)
    class Checked(Segment):  # a __post_init__: made by calling it
        def __post_init__(self) -> None:
            self.tag = self.tag.upper()

    expected = _record(segment_html(root))
    monkeypatch.setattr(blocks, "Segment", Plain)
    page = segment_html(root)
    assert all(type(s) is Plain for s in page.segments) and _record(page) == expected
    monkeypatch.setattr(blocks, "Segment", Checked)
    page = segment_html(root)
    assert all(type(s) is Checked for s in page.segments)
    assert [s.tag for s in page.segments] == [record[3].upper() for record in expected[1]]


def test_a_layout_the_compiled_walk_does_not_read_is_found_by_its_check():
    """The import check compares the structs the compiled walk reads with selectolax's Python API: a node whose API
    says otherwise (here: another tag, other attributes, other text, another child) is a mismatch."""
    walk = pytest.importorskip("boilerfree._walk")
    page = '<html><body><div class="a" id="b">one<p>two</p></div></body></html>'
    assert walk.layout_mismatches(parse_html(page).root) == []

    class Lying:
        def __init__(self, node, lie):
            self.node, self.lie = node, lie

        def __getattr__(self, name):
            value = getattr(self.node, name)
            if name == self.lie[0] and self.lie[1](self.node):
                value = self.lie[2](value)
            if name in ("first_child", "next", "parent"):
                return None if value is None else Lying(value, self.lie)
            return value

    lies = [
        ("tag", lambda n: n.tag == "p", lambda v: "q"),
        ("attributes", lambda n: n.tag == "div", lambda v: dict(reversed(v.items()))),
        ("text_content", lambda n: n.is_text_node, lambda v: v + "!"),
        ("first_child", lambda n: n.tag == "div", lambda v: v.next),
        ("is_text_node", lambda n: n.tag == "p", lambda v: True),
    ]
    for lie in lies:
        assert walk.layout_mismatches(Lying(parse_html(page).root, lie)), lie[0]


def test_a_failed_layout_check_falls_back_to_the_python_walk():
    """A selectolax whose structs differ from those the compiled walk was written for makes its import fail, and
    boilerfree runs the Python walk (in a fresh interpreter: the check runs once, at import)."""
    pytest.importorskip("boilerfree._walk")
    script = textwrap.dedent(
        """
        import selectolax.lexbor as lexbor
        from selectolax.lexbor import LexborHTMLParser

        class Lying:  # a node whose Python API reports another tag for every <p>
            def __init__(self, node):
                self.node = node

            def __getattr__(self, name):
                value = getattr(self.node, name)
                if name in ("first_child", "next", "parent"):
                    return None if value is None else Lying(value)
                return "q" if name == "tag" and value == "p" else value

        class Parser(LexborHTMLParser):
            @property
            def root(self):
                return Lying(LexborHTMLParser.root.__get__(self))

        lexbor.LexborHTMLParser = Parser
        try:
            import boilerfree._walk
        except ImportError as exc:
            print("ImportError:", exc)
        lexbor.LexborHTMLParser = LexborHTMLParser
        from boilerfree import blocks
        print(blocks._compiled)
        print([s.text for s in blocks.segment_html(LexborHTMLParser("<p>a</p><p>b</p>").root).segments])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(blocks.__file__).parents[1]), "BOILERFREE_PURE": "0"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout
    lines = out.splitlines()
    assert lines[0].startswith("ImportError: boilerfree._walk does not read this selectolax's Lexbor structs")
    assert lines[1] == "None"
    assert lines[2] == "['a', 'b']"


_TAGS = ["div", "p", "span", "a", "b", "li", "ul", "td", "tr", "table", "h2", "br", "nav", "script", "article", "q"]
_ATTRIBUTES = [
    "",
    ' class="story-body"',
    ' class="camelCaseBox x_y"',
    ' class="Überschrift"',
    ' id="mainID"',
    " hidden",
    ' aria-hidden="true"',
    ' style="display:none"',
    ' role="navigation"',
    ' itemprop="articleBody"',
    ' class="a" id="b" data-x="y"',
]
_TEXTS = [
    "",
    " ",
    "word",
    "two words",
    " é東京 ",
    "&amp;",
    "&nbsp;",
    "\n",
    "x_1",
    "<!-- c -->",
    "<?pi x?>",
    "€",
    " \u2003x\x1cy\u200bz\u3000\x85 ",
]
_fragment = st.recursive(
    st.sampled_from(_TEXTS),
    lambda inner: st.builds(
        lambda tag, attrs, body, close: f"<{tag}{attrs}>{''.join(body)}" + (f"</{tag}>" if close else ""),
        st.sampled_from(_TAGS),
        st.sampled_from(_ATTRIBUTES),
        st.lists(inner, max_size=4),
        st.booleans(),
    ),
    max_leaves=30,
)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(_fragment, min_size=1, max_size=4), st.sampled_from([1000, 4, 2]))
def test_the_compiled_walk_equals_the_python_walk_on_generated_html(fragments, max_depth):
    html = "<html><body>" + "".join(fragments) + "</body></html>"
    for root in _roots(html):
        results = []
        for walk in (blocks._compiled, None):
            saved = blocks._compiled
            blocks._compiled = walk
            try:
                results.append(_record(segment_html(root, max_depth=max_depth)))
            finally:
                blocks._compiled = saved
        assert results[0] == results[1]


# class, id, role and itemprop values: camelCase, upper-case runs, digits and separators between letters, repeated
# tokens (more than the compiled walk compares one by one), non-ASCII letters that lower-case to ASCII (the Kelvin sign)
_ATTRIBUTE_ALPHABET = st.sampled_from(list("aAbBzZ09 _-.:\t") + ["nav", "Nav", "K", "\u0130", "\u00fc", "\u00df"])
_ATTRIBUTE_VALUE = st.one_of(
    st.none(),
    st.lists(_ATTRIBUTE_ALPHABET, max_size=12).map("".join),
    st.lists(st.text("abcdE1", min_size=1, max_size=3), max_size=90).map(" ".join),
)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_ATTRIBUTE_VALUE, _ATTRIBUTE_VALUE, _ATTRIBUTE_VALUE, _ATTRIBUTE_VALUE), max_size=6))
def test_the_compiled_walk_makes_the_class_and_id_tokens_of_the_python_walk(attributes):
    """Each element's tokens and region flags, from its class, id, role and itemprop (each value once per page in
    the compiled walk, and repeated values here share it)."""
    body = ""
    for values in attributes + attributes[:2]:
        named = zip(("class", "id", "role", "itemprop"), values)
        body += "<div" + "".join(f' {name}="{html.escape(v)}"' for name, v in named if v is not None) + ">t</div>"
    for root in _roots(f"<html><body>{body}</body></html>"):
        with pytest.MonkeyPatch.context() as monkeypatch:  # (hypothesis runs a function-scoped fixture once)
            compiled_result, python_result = _both(root, monkeypatch)
        assert compiled_result == python_result


# with combining marks (Devanagari's Mc and Mn, decomposed Latin's accent, an enclosing mark, the variation selector
# after an emoji, astral ones) after letters, digits, spaces and other marks
_ALPHABET = st.sampled_from(
    list("ab Z_9٣\n\t\u00a0.,-'東京はカタカナ한국😀𝐀İǅ\ud800ßक✍\u093f\u094d\u0301\u20e3\ufe0f\U0001d165\U000e0100")
)


@compiled
def test_compiled_word_counts_read_every_character_of_one_byte_as_the_python_counts():
    """The compiled count reads the characters of one byte from a table of its own: each of the 256 alone and
    between letters, in texts of one byte a character (a loop of their own) and beside a euro sign (the wide loop)."""
    one_byte = [chr(c) for c in range(256)] + [f"a{chr(c)}b {chr(c)}{chr(c)}" for c in range(256)]
    texts = one_byte + [t + " €" for t in one_byte]
    segments = [Segment(t, i, owner=0) for i, t in enumerate(texts)]
    twins = [Segment(t, i, owner=0) for i, t in enumerate(texts)]
    blocks._compiled.count_words(segments, Elements(tag=["div"], parent=[-1]))
    blocks._count_words(twins, Elements(tag=["div"], parent=[-1]))
    assert [s.words for s in segments] == [s.words for s in twins]


@compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(_ALPHABET, max_size=40), st.integers(0, 45)), max_size=6))
def test_compiled_word_counts_equal_the_python_counts(texts_and_links):
    segments = [Segment(t, i, owner=0, link_chars=min(k, len(t))) for i, (t, k) in enumerate(texts_and_links)]
    twins = [Segment(s.text, s.index, owner=0, link_chars=s.link_chars) for s in segments]
    elements, twin_elements = Elements(tag=["div"], parent=[-1]), Elements(tag=["div"], parent=[-1])
    blocks._compiled.count_words(segments, elements)
    blocks._count_words(twins, twin_elements)
    assert [s.words for s in segments] == [s.words for s in twins]
    assert (elements.words, elements.link_words, elements.blocks) == (
        twin_elements.words,
        twin_elements.link_words,
        twin_elements.blocks,
    )


@compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(_ALPHABET, max_size=12), st.text(_ALPHABET, max_size=12), st.booleans())))
def test_the_compiled_walk_counts_the_words_and_link_words_of_the_python_walk(parts):
    """Blocks of text and link text in every share (the link words of a block are its words times the share of its
    characters in links, rounded half to even), in nested elements whose subtrees add them up."""
    body = "".join(
        f"<div><p>{html.escape(text)}<a href=x>{html.escape(link)}</a></p>" + ("</div>" if close else "")
        for text, link, close in parts
    )
    for root in _roots(f"<html><body>{body}</body></html>"):
        with pytest.MonkeyPatch.context() as monkeypatch:
            compiled_result, python_result = _both(root, monkeypatch)
        assert compiled_result == python_result


@compiled
def test_compiled_script_texts_equal_the_python_ones():
    html = (
        '<html><head><script type="application/ld+json">{"a": 1}</script><script>var x;</script>'
        '<script type="Application/LD+JSON">{"b": 2}</script><script type="application/ld+json"></script></head>'
        '<body><div><script type="application/ld+json"><![CDATA[{"c": 3}]]></script><p>text</p></div>'
        '<SCRIPT TYPE="application/ld+json">{"d": "é"}</SCRIPT><script type="text/javascript">1</script>'
        '<template><script type="application/ld+json">{"e": 5}</script></template>'
        '<svg><script type="application/ld+json">{"f": 6}</script></svg><script type>{}</script></body></html>'
    )
    for root in _roots(html):
        for script_type in ("application/ld+json", "text/javascript", ""):
            expected = blocks.script_texts(root, script_type)
            assert blocks._compiled.script_texts(root_element(root), script_type) == expected
    assert len(blocks.script_texts(parse_html(html), "application/ld+json")) == 5  # the template's is not shown


@compiled
def test_compiled_head_titles_equal_the_python_ones():
    """Titles empty, repeated and with markup, metas named by property or name (empty, upper-case, in any order),
    comments between them, a title outside <head>, and pages whose head the parser made itself."""
    html = (
        "<html><head><title></title><!-- a comment --><title>First  <b>bold</b> tail</title>"
        '<meta property="og:title" content="An og title"><meta name="TWITTER:TITLE" content="">'
        '<meta property="" name="title" content="By name"><meta content="Content first" property="og:title">'
        '<meta property="og:description" content="not a title"><meta name="title"><meta property>'
        "<title>Again &amp; é</title></head><body><title>In the body</title><p>text</p></body></html>"
    )
    for page in (html, "<p>no head</p>", "<title>only a title</title>", ""):
        for root in _roots(page):
            expected = blocks.head_titles(root)
            assert blocks._compiled.head_titles(root_element(root), blocks._TITLE_META) == expected
    assert len(blocks.head_titles(parse_html(html))) == 8  # the title in the body too


@compiled
def test_the_compiled_walk_equals_the_python_walk_on_corpus_pages(shared_corpora, monkeypatch):
    """Real pages, read in place (nothing of them is kept): 25 from each corpus."""
    compared = 0
    for name in ("fundus", "cleaneval", "wcxb-dev", "trafilatura-eval"):
        for page in read_shared_corpus(shared_corpora / name, limit=25):
            root = load_document(page.document, "html").root
            if root is not None:
                compiled_result, python_result = _both(root, monkeypatch)
                assert compiled_result == python_result, f"{name}/{page.id}"
                compared += 1
    assert compared >= 80


_NOT_FREE = '{"isAccessibleForFree": "False", "hasPart": {"cssSelector": "%s"}}'


@compiled
@pytest.mark.parametrize(
    "where",
    [
        "<head><script type='application/ld+json'>%s</script></head><body>{body}</body>",
        "<body>{body}<script type='application/ld+json'>%s</script></body>",
        "<body><span hidden><b><script type='application/ld+json'>%s</script></b></span>{body}</body>",
        "<body><svg><script type='application/ld+json'>%s</script></svg>{body}</body>",
        "<body>" + "<div>" * 12 + "<script type='application/ld+json'>%s</script>" + "</div>" * 12 + "{body}</body>",
        "<body><template><script type='application/ld+json'>%s</script></template>{body}</body>",
        "<body><script type='text/javascript'>%s</script>{body}</body>",
    ],
)
def test_the_walk_reads_the_schema_paywall_wherever_its_script_stands(where, monkeypatch):
    body = "<div class='gate x'><p>Paid text here.</p></div><p id='free'>Free text.</p><p class='x'>More.</p>"
    page = "<html>" + where.replace("{body}", body) % (_NOT_FREE % ".gate, #free") + "</html>"
    for root in _roots(page):
        for limits in ({}, {"max_depth": 8}, {"max_blocks": 2}):
            compiled_result, python_result = _both(root, monkeypatch, **limits)
            assert compiled_result == python_result
    flags = [s.flags & blocks.FLAG_SCHEMA_PAYWALL for s in segment_html(parse_html(page)).segments]
    assert any(flags) == ("text/javascript" not in where and "<template>" not in where)
