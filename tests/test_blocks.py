from boilerfree.blocks import FLAG_ARTICLE, FLAG_HIDDEN, FLAG_LINK, FLAG_NAV, segment
from boilerfree.document import load_document


def blocks_of(html: str):
    return segment(load_document(html, format="html"))


def test_html_is_cut_at_block_elements_and_br():
    page = blocks_of(
        "<html><body><div>one<p>two <b>bold</b></p>three<br>four<ul><li>five</li></ul></div></body></html>"
    )
    assert [s.text for s in page.segments] == ["one", "two bold", "three", "four", "five"]


def test_scripts_and_styles_are_skipped_and_hidden_blocks_are_flagged():
    page = blocks_of(
        "<html><head><title>T</title></head><body><script>var x=1;</script><style>p{}</style>"
        "<p>kept <span hidden>inline gone</span></p><div hidden>gated <b>body</b></div>"
        "<div style='display: none'>closed tab</div><template>no</template>"
        "<p aria-hidden='true'>icon</p>tail kept</body></html>"
    )
    # hidden blocks stay, flagged, for the model to judge (gated article bodies are hidden until unlocked); hidden
    # inline text is dropped, as it would join a shown block
    assert [s.text for s in page.segments] == ["kept", "gated body", "closed tab", "icon", "tail kept"]
    assert [bool(s.flags & FLAG_HIDDEN) for s in page.segments] == [False, True, True, True, False]


def test_noscript_content_is_read():
    # Discourse forums serve their posts inside <noscript>: skipping it left WCXB forum pages without a single block
    page = blocks_of(
        "<html><body><noscript><div class='post'><p>The first post of the thread.</p></div></noscript></body></html>"
    )
    assert [s.text for s in page.segments] == ["The first post of the thread."]


def test_a_title_the_parser_put_in_the_body_is_the_title_and_no_block():
    # an <img> in a <noscript> of the head ends the head (HTML5, scripting off): the title after it lands in the
    # body, where browsers neither show it nor forget it
    page = blocks_of(
        '<html><head><meta charset="utf-8"><noscript><img src="pixel.gif"></noscript><title>The title</title>'
        '<meta property="og:title" content="The og title"></head><body><p>The text.</p></body></html>'
    )
    assert [s.text for s in page.segments] == ["The text."]
    assert page.titles == ("The title", "The og title")


def test_html5_repairs_are_walked_as_a_browser_builds_them():
    # a stray </p> makes an empty paragraph, a table gets its <tbody>, misnested inline elements are split
    page = blocks_of("<html><body><div>one</p>two</div><table><tr><td>cell</td></tr></table><b>x<p>y</b>z</p></body>")
    assert [s.text for s in page.segments] == ["one", "two", "cell", "x", "yz"]
    assert page.elements.path(page.segments[2].owner) == ["html", "body", "table", "tbody", "tr", "td"]


def test_block_keeps_tag_path_tokens_links_and_flags():
    page = blocks_of(
        "<html><body><nav class='mainNav'><a href='/'>Home</a> <a href='/n'>News</a></nav>"
        "<article id='story-body'><h2>Sub</h2><p>Text with <a href='#'>a link</a>.</p></article></body></html>"
    )
    nav, heading, para = page.segments
    el = page.elements
    assert el.path(para.owner) == ["html", "body", "article", "p"]
    assert "main" in el.tokens[nav.owner] and "nav" in el.tokens[nav.owner]
    assert "story" in el.tokens[el.parent[para.owner]]
    assert nav.flags & FLAG_NAV and nav.flags & FLAG_LINK
    assert para.flags & FLAG_ARTICLE and not para.flags & FLAG_LINK
    assert heading.heading == 2
    assert para.link_chars == len("a link")


def test_container_word_counts_add_up():
    page = blocks_of("<html><body><div id='a'><p>one two three</p><p>four five</p></div><p>six</p></body></html>")
    el = page.elements
    container = el.parent[page.segments[0].owner]
    assert el.words[container] == 5
    assert el.words[0] == 6  # <html> holds every word


def test_deep_nesting_keeps_its_text():
    html = "<html><body>" + "<div>" * 1500 + "<p>deep text</p>" + "</div>" * 1500 + "<p>after</p></body></html>"
    page = blocks_of(html)
    assert [s.text for s in page.segments] == ["deep text", "after"]


def test_nesting_past_the_parser_limit_does_not_crash():
    # libxml2 stops nesting at depth 2048 (with huge_tree); deeper text is dropped, never a crash
    html = "<html><body><p>top</p>" + "<div>" * 10000 + "<p>deep</p>" + "</div>" * 10000 + "</body></html>"
    assert blocks_of(html).segments[0].text == "top"


def test_text_is_cut_at_lines_and_wrapped_lines_are_joined():
    text = (
        "Headline of the story\n\n"
        "This paragraph was hard-wrapped by the tool that produced it, and\n"
        "it goes on here to the end of the sentence.\n"
        "Subscribe now\n"
        "\n"
        "Last line."
    )
    page = segment(load_document(text, format="text"))
    assert [s.text for s in page.segments] == [
        "Headline of the story",
        "This paragraph was hard-wrapped by the tool that produced it, and it goes on here to the end of the sentence.",
        "Subscribe now",
        "Last line.",
    ]
    assert page.segments[0].blank_before and page.segments[3].blank_before and not page.segments[2].blank_before


def test_japanese_broken_at_inline_elements_is_joined_but_menus_and_headlines_are_not():
    # An extractor's output of an article with ruby readings: one sentence on five lines.
    text = (
        "韓国が戒厳令、大統領「野党が反国家行為」\n"
        "【ソウル＝特派員】韓国の\n尹錫悦\n大統領は３日夜、緊急談話を出した。\n"
        "実態とは\n注目の動画\nお知らせ\nログイン"
    )
    page = segment(load_document(text, format="text"))
    assert [s.text for s in page.segments] == [
        "韓国が戒厳令、大統領「野党が反国家行為」",
        "【ソウル＝特派員】韓国の 尹錫悦 大統領は３日夜、緊急談話を出した。",
        "実態とは",
        "注目の動画",
        "お知らせ",
        "ログイン",
    ]


def test_empty_inputs_give_no_blocks():
    assert segment(load_document("", format="text")).segments == []
    assert segment(load_document("   \n\n ", format="html")).segments == []
    assert segment(load_document("<html><body></body></html>")).segments == []
