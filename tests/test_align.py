from boilerfree.align import label_by_blocks, label_by_gold, label_by_snippets, type_boilerplate
from boilerfree.blocks import segment
from boilerfree.document import load_document
from boilerfree.rules import lexicon_hits, weak_label

PAGE = (
    "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<p>The river burst its banks on Monday night, flooding dozens of homes in the lower town.</p>"
    "<p>Residents were moved to the sports hall, the fire brigade said.</p>"
    "<p>Subscribe now for unlimited access.</p><p>€9.99/month</p>"
    "<p>The river burst its banks while the residents were asleep in the lower town.</p></body></html>"
)
GOLD = (
    "The river burst its banks on Monday night, flooding dozens of homes in the lower town.\n"
    "Residents were moved to the sports hall, the fire brigade said."
)


def page():
    return segment(load_document(PAGE))


def test_gold_alignment_is_ordered_not_bag_of_words():
    labels = label_by_gold(page(), GOLD)
    assert labels[1:3] == ["content", "content"]
    assert labels[0] == "boilerplate"  # "Home News": words not in the gold
    assert labels[3] == "boilerplate" and labels[4] == "boilerplate"
    assert labels[5] != "content"  # the same words in another order are not the article


HEADLINED = (
    "<html><head><title>Flood warning after heavy rain on Monday - Daily Example</title></head><body>"
    "<nav><ol><li>Flood warning after heavy rain on Monday</li></ol></nav>"
    "<h1>Flood warning after heavy rain on Monday</h1>"
    "<p>The river burst its banks on Monday night, flooding dozens of homes in the lower town.</p>"
    "<ul><li>Flood warning after heavy rain on Monday</li><li>Council meets on Friday about the new bridge</li></ul>"
    "</body></html>"
)


def test_a_headline_left_out_of_the_gold_is_not_taught_as_boilerplate():
    """WCXB's gold leaves most headlines out; boilerfree's labels call the headline content."""
    p = segment(load_document(HEADLINED))
    labels = label_by_gold(p, "The river burst its banks on Monday night, flooding dozens of homes in the lower town.")
    assert p.segments[1].text.startswith("Flood") and p.segments[1].heading == 1
    assert labels[1] == ""  # the headline: neither content nor boilerplate
    assert labels[0] == labels[3] == "boilerplate"  # its copies in the breadcrumb and the teaser list
    assert labels[4] == "boilerplate"


def test_copies_beyond_the_gold_count_are_left_out_and_the_headline_copy_counts_first():
    p = segment(load_document(HEADLINED))
    gold = (
        "Flood warning after heavy rain on Monday\n"
        "The river burst its banks on Monday night, flooding dozens of homes in the lower town."
    )
    labels = label_by_gold(p, gold)
    assert labels[1] == "content"  # the headline, although the breadcrumb holds the same text earlier
    assert labels[0] == "" and labels[3] == ""  # the gold holds the text once
    assert labels[2] == "content"
    twice = gold.replace("\n", "\nFlood warning after heavy rain on Monday\n")
    assert label_by_gold(p, twice)[:4] == ["content", "content", "content", ""]


ARTICLE_WORDS = " ".join(f"word{i}" for i in range(120))


def test_comments_the_gold_keeps_are_left_out_under_an_article_but_not_in_a_forum():
    """CleanEval's gold keeps readers' comments; boilerfree's labels call them other (boilerplate)."""
    comment = "I read this twice and still think the council got the bridge vote wrong, frankly."
    comments = f"<ol class='commentlist'><li><p>{comment}</p></li></ol>"
    p = segment(load_document(f"<html><body><article><p>{ARTICLE_WORDS}</p></article>{comments}</body></html>"))
    assert label_by_gold(p, f"{ARTICLE_WORDS}\n{comment}") == ["content", ""]
    forum = f"<html><body><div class='comments'><p>{comment}</p><p>{ARTICLE_WORDS}</p></div></body></html>"
    p = segment(load_document(forum))
    assert label_by_gold(p, f"{comment}\n{ARTICLE_WORDS}") == ["content", "content"]


def test_weak_types_name_the_boilerplate():
    p = page()
    typed = type_boilerplate(p, label_by_gold(p, GOLD))
    assert typed[0] == "navigation" and typed[3] == "paywall" and typed[4] == "pricing"


def test_snippets_label_only_the_blocks_they_are_in():
    labels = label_by_snippets(page(), ["flooding dozens of homes"], ["Subscribe now"])
    assert labels == ["", "content", "", "boilerplate", "", ""]


def test_block_labels_are_matched_in_order():
    p = segment(load_document("Title line\nSubscribe now\nBody text line", format="text"))
    labels = label_by_blocks(
        p, [("Title line", "content"), ("Subscribe now", "paywall"), ("Body text line", "content")]
    )
    assert labels == ["content", "paywall", "content"]


def typed_blocks(html: str) -> dict[str, str]:
    """Weak type of every block of a page whose blocks are all boilerplate, by text."""
    p = segment(load_document(html))
    return {s.text: t for s, t in zip(p.segments, type_boilerplate(p, ["boilerplate"] * len(p.segments)))}


def test_weak_types_follow_the_block_not_a_page_wide_wrapper():
    """Cases from the hand audit (datasets/rule_audit.jsonl): a 'paywall' or 'subscribe' class on a wrapper far up
    does not make its menu a paywall; a short link to the privacy page is navigation; a sign-up form is promo."""
    typed = typed_blocks(
        "<html><body><div class='site paywall-enabled'><div><div><div>"
        "<ul class='menu'><li><a href='/w'>World</a></li><li><a href='/privacy'>Privacy policy</a></li></ul>"
        "</div></div></div></div>"
        "<form class='newsletter-subscribe'><label>Your email address</label></form>"
        "<div class='tinypass-offer'><div>Become a member of the club today.</div></div>"
        "<div class='article-body paywall'><p>Specs:</p></div>"
        "<footer><p>Already a subscriber? <a href='/login'>Log in</a></p></footer>"
        "<footer><p><a href='/t'>Terms of use</a> <a href='/p'>Privacy policy</a> <a href='/c'>Cookie settings</a> "
        "<a href='/a'>About us</a> <a href='/j'>Jobs</a></p></footer></body></html>"
    )
    assert typed["World"] == "navigation" and typed["Privacy policy"] == "navigation"
    assert typed["Your email address"] == "promo"
    assert typed["Become a member of the club today."] == "paywall"  # vendor markup on the block's own parent
    assert typed["Already a subscriber? Log in"] == "paywall"  # the wording outranks the footer
    # held-out audit: a 'paywall' class names the gated article body (Google's markup), not the wall
    assert typed["Specs:"] == "other"
    # held-out audit: a row of footer links is navigation even when it names the legal pages
    assert typed["Terms of use Privacy policy Cookie settings About us Jobs"] == "navigation"


def test_related_box_headings_are_navigation_and_comment_forms_other():
    """Wordings that trafilatura-eval's 'without' snippets and fundus' comment sections showed kept."""
    for text in ("Das könnte Sie auch interessieren", "Ähnliche Beiträge", "You may also like", "Les plus lus"):
        assert lexicon_hits(text)["navigation"], text
        assert weak_label(text, set(), set(), 0.0, False) == "navigation"
    for text in ("Leave a Reply", "Deine E-Mail-Adresse wird nicht veröffentlicht.", "142 Antworten zu Tomaten"):
        assert lexicon_hits(text)["other"], text
        assert weak_label(text, set(), set(), 0.0, False) == "other"
    assert not any(lexicon_hits("The council will meet again on Friday to vote on the new bridge.").values())


def test_price_periods_are_whole_words():
    """Held-out audit: 'pro' + 'mo' is not a billing period; a bio's '5 years ago' is not a plan term."""
    assert weak_label("€9 a month, cancel anytime", set(), set(), 0.0, False) == "pricing"
    assert weak_label("3 Months", set(), set(), 0.0, False) == "pricing"
    assert weak_label("Promo terms", set(), set(), 0.0, False) == "other"
    assert weak_label("She joined 5 years ago", set(), set(), 0.0, False) == "other"
