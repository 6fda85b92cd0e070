import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.blocks import JoinedTexts, segment, word_counts
from boilerfree.document import load_document
from boilerfree.features import (
    DENSE_NAMES,
    Featurizer,
    _stack,
    block_words,
    context,
    dom,
    lexical,
    lower_words,
    paywall,
    prose,
    scores,
    text,
)
from boilerfree.features import page as page_features
from boilerfree.features.stopwords import guess_language, stopword_set
from boilerfree.features.table import block_table
from boilerfree.labels import LABELS
from boilerfree.rules import _MATCHER, _LexiconMatcher

ARTICLE = (
    "<html><body><nav class='menu'><a href='/'>Home</a> <a href='/w'>World</a> <a href='/s'>Sport</a></nav>"
    "<article><p>The minister said on Tuesday that the new law would be passed before the end of the year, "
    "and that the opposition had been consulted on all of its parts.</p>"
    "<p>It is the third time this year that the government has changed the rules for the sector, which employs "
    "more than two hundred thousand people across the country.</p></article>"
    "<div class='paywall'><p>You've reached your limit of {{free_limit}} free articles this month.</p>"
    "<p>₹300/Month</p></div></body></html>"
)


def page_of(html, fmt="html"):
    return segment(load_document(html, format=fmt))


def column(name):
    return DENSE_NAMES.index(name)


def test_text_features_separate_prose_from_menus_and_prices():
    page = page_of(ARTICLE)
    words = block_words(page)
    values = text.numeric(page, words, guess_language(w for ws in words for w in ws))
    menu, para, _, wall, price = values
    i = text.NAMES.index
    assert menu[i("link_density")] > 0.8 and para[i("link_density")] == 0
    assert para[i("stopword_density")] > 0.3
    assert para[i("ends_sentence")] == 1 and menu[i("ends_sentence")] == 0
    assert wall[i("placeholder")] == 1 and para[i("placeholder")] == 0
    assert price[i("currency")] == 1
    assert np.isclose(para[i("log_words")], np.log1p(len(words[1])))


def test_template_syntax_left_in_a_page_is_a_placeholder():
    page = page_of("Forgot your password?\n{* #forgotPasswordForm *}\n{* traditionalSignIn_emailAddress *}\n"
                   "Prices rose by 5% in May, the office said.", "text")  # fmt: skip
    words = block_words(page)
    values = text.numeric(page, words, "en")
    assert values[:, text.NAMES.index("placeholder")].tolist() == [0, 1, 1, 0]


def test_page_language_is_guessed_from_stop_words():
    assert guess_language("der die und das ist nicht mit dem".split()) == "de"
    assert guess_language("the and of to is that with for".split()) == "en"


def test_lexical_tokens_are_words_bigrams_and_short_texts():
    page = page_of("Subscribe now\nThe mayor spoke.", "text")
    tokens = lexical.tokens(page, block_words(page))
    assert {"w:subscribe", "w:now", "b:subscribe_now", "whole:subscribe now", "first:subscribe"} <= set(tokens[0])


def test_short_blocks_carry_their_shape():
    page = page_of("Stand: 08.07.2026 05:00 Uhr\n₹300/Month", "text")
    tokens = lexical.tokens(page, block_words(page))
    assert "shape:a: 9.9.9 9:9 a" in tokens[0] and "shape:₹9/a" in tokens[1]


def test_dom_features_find_the_article_container():
    page = page_of(ARTICLE)
    values = dom.numeric(page)
    i = dom.NAMES.index
    assert values[1, i("inside_best")] == 1 and values[0, i("inside_best")] == 0
    assert values[1, i("flag_article")] == 1 and values[0, i("flag_nav")] == 1
    assert values[1, i("ancestor1_word_share")] > 0.7
    tokens = dom.tokens(page)
    assert "tag:p" in tokens[1] and "p2:article>p" in tokens[1]
    assert "c0:menu" in tokens[0] and "c1:paywall" in tokens[3]


def test_dom_features_are_zero_in_text_mode():
    page = page_of("Line one here.\nLine two here.", "text")
    assert not dom.numeric(page).any()
    assert dom.tokens(page) == [[], []]


def test_paywall_features_read_schema_org_and_vendor_markup():
    html = (
        '<html><head><script type="application/ld+json">{"isAccessibleForFree": false, "hasPart": '
        '{"@type": "WebPageElement", "isAccessibleForFree": false, "cssSelector": ".locked-body"}}</script></head>'
        "<body><p>Free intro paragraph of the story.</p><div class='locked-body'><p>Premium part.</p></div>"
        "<div class='piano-offer'><p>Already a subscriber? Log in</p></div></body></html>"
    )
    page = page_of(html)
    values = paywall.numeric(page)
    i = paywall.NAMES.index
    assert values[1, i("schema_paywall")] == 1 and values[0, i("schema_paywall")] == 0
    assert values[0, i("page_has_schema_paywall")] == 1
    assert values[2, i("lexicon_paywall")] == 1 and values[2, i("class_paywall")] == 1
    assert values[0, i("lexicon_paywall")] == 0


def test_class_tokens_of_page_wrappers_are_not_read_as_boilerplate_boxes():
    body = " ".join(f"Paragraph {k} of the story, with enough words to be a real paragraph of text." for k in range(3))
    html = (
        "<html><body><div class='l-wrapper ad'><div class='x'><div class='y'><div class='z'><article>"
        + "".join(f"<p>{body}</p>" for _ in range(12))
        + "</article></div></div></div><aside class='promo-box'><div><div><div><p>Get the app</p></div></div></div>"
        "</aside></div></body></html>"
    )
    page = page_of(html)
    values = paywall.numeric(page)
    i = paywall.NAMES.index
    # 'ad' on a wrapper of the whole page says nothing about its paragraphs; 'promo' on a small box does
    assert values[0, i("class_promo")] == 0 and values[0, i("class_far_promo")] == 0
    assert values[-1, i("class_promo")] == 0 and values[-1, i("class_far_promo")] == 1


def test_context_gives_neighbours_and_window_means():
    values = np.array([[1.0], [2.0], [4.0]], dtype=np.float32)
    out, names = context.neighbours(values, ("x",))
    assert names == ("prev_x", "next_x", "window_x")
    assert out[:, 0].tolist() == [0, 1, 2]
    assert out[:, 1].tolist() == [2, 4, 0]
    assert np.allclose(out[:, 2], [(2 + 4) / 4, (1 + 4) / 4, (1 + 2) / 4])


def test_union_is_deterministic_and_sized():
    featurizer = Featurizer(hash_bits=12)
    page = page_of(ARTICLE)
    a = featurizer.transform(page)
    b = Featurizer(hash_bits=12).transform(page_of(ARTICLE))
    assert a.shape == (5, len(DENSE_NAMES) + 4096)
    assert (a != b).nnz == 0
    assert featurizer.transform(page_of("", "text")).shape == (0, featurizer.n_features)


TEASERS = (
    "<html><head><title>Floods close the northern rail line | The Courier</title>"
    "<meta property='og:title' content='Floods close the northern rail line'></head><body>"
    "<h1>Floods close the northern rail line</h1><p>Advertisement</p>"
    "<p>Trains between the two cities will not run until Friday, the operator said.</p><p>Advertisement</p>"
    "<ul><li><a href='/a'><h3>Floods close the northern rail line</h3></a></li></ul></body></html>"
)


def test_page_features_match_the_title_once_and_count_repeats():
    page = page_of(TEASERS)
    assert page.titles == ("Floods close the northern rail line | The Courier", "Floods close the northern rail line")
    values = page_features.numeric(page, block_words(page))
    i = page_features.NAMES.index
    headline, ad, para, ad2, teaser = values
    assert headline[i("title_dice")] == 1.0 and headline[i("first_title_match")] == 1.0
    assert teaser[i("title_dice")] == 1.0 and teaser[i("first_title_match")] == 0.0
    assert para[i("title_dice")] < 0.3
    assert headline[i("repeat")] == 0 and teaser[i("repeat")] == 1
    assert ad[i("log_copies")] == ad2[i("log_copies")] == np.float32(np.log(2))
    assert ad[i("repeat")] == 0 and ad2[i("repeat")] == 1
    assert para[i("log_copies")] == 0


def test_page_features_are_zero_without_a_title():
    page = page_of("Floods close the line\n\nTrains will not run until Friday.", "text")
    values = page_features.numeric(page, block_words(page))
    assert not values[:, :3].any()


def test_best_span_is_the_maximum_subarray_of_confident_words():
    p = np.array([0.1, 0.9, 0.8, 0.2, 0.9, 0.1, 0.95])
    words = np.array([5, 50, 40, 3, 30, 400, 2], dtype=np.float64)
    assert scores.best_span(p, words) == (1, 4)  # the long 0.1 block outweighs the short 0.95 after it
    values = scores.numeric(p, np.full((len(p), len(LABELS) - 1), 1 / 6), words, None)
    column = scores.NAMES.index
    assert values[:, column("in_span")].tolist() == [0, 1, 1, 1, 1, 0, 0]
    assert np.allclose(values[:, column("span_distance")], [0.1, 0, 0, 0, 0, 0.1, 0.2])


def test_second_stage_reads_the_type_distribution_of_the_block_and_its_neighbours():
    p = np.array([0.6, 0.6, 0.6, 0.6])
    types = np.zeros((4, len(LABELS) - 1))
    types[:, LABELS.index("other") - 1] = [1, 0, 0, 0]  # a byline first, then three blocks taken for navigation
    types[1:, LABELS.index("navigation") - 1] = 1
    values = scores.numeric(p, types, np.full(4, 8.0), None)
    column = scores.NAMES.index
    assert values[:, column("type_other")].tolist() == [1, 0, 0, 0]
    assert values[:, column("window1_navigation_mean")].tolist() == [1, 0.5, 1, 1]
    assert np.allclose(values[:, column("window3_other_mean")], [0, 1 / 3, 1 / 3, 1 / 3])


def test_second_stage_reads_page_wide_content_shares_in_text_mode_only():
    p, words = np.array([0.9, 0.1, 0.8, 0.2]), np.array([20.0, 2.0, 30.0, 3.0])
    values = scores.numeric(p, np.zeros((4, len(LABELS) - 1)), words, None)
    column = scores.NAMES.index
    assert np.allclose(values[:, column("page_content_mean")], (p * (words + 1)).sum() / (words + 1).sum())
    assert np.allclose(values[:, column("page_likely_share")], 0.5)
    assert np.allclose(values[:, column("page_log_blocks")], np.log1p(4))
    assert np.allclose(values[:, column("page_mean_log_words")], np.log1p(words + 1).mean())
    logit = np.log(p / (1 - p))
    assert np.allclose(values[:, column("text_logit_x_likely_share")], logit * 0.5, atol=1e-6)
    assert np.allclose(values[:, column("text_position")], [0, 1 / 3, 2 / 3, 1])
    assert np.allclose(values[:, column("text_words_before")], [0, 21 / 59, 24 / 59, 55 / 59])
    assert values[:, column("text_window1_long")].tolist() == [0, 1, 0, 1]  # neighbours of 15 words or more
    neighbours = [np.log(3), np.log(21 * 31) / 2, np.log(3 * 4) / 2, np.log(31)]  # mean log1p(words) either side
    assert np.allclose(values[:, column("text_window1_log_words")], neighbours)
    html = page_of("<html><body><p>One paragraph of an article about the new bridge.</p><p>Menu</p></body></html>")
    tree = scores.block_tree(html)
    values = scores.numeric(p[:2], np.zeros((2, len(LABELS) - 1)), words[:2], tree)
    assert not values[:, [i for i, name in enumerate(scores.NAMES) if name.startswith(("page_", "text_"))]].any()


def test_the_headline_is_the_first_title_matching_h1_or_h2_and_a_second_stage_column():
    html = page_of(
        "<html><head><title>Floods close the coast line | Daily Bugle</title></head><body>"
        "<h1>Daily Bugle</h1><h2>Floods close the coast line</h2><p>Trains will not run until Friday, the operator "
        "said.</p><h2>Floods close the coast line</h2></body></html>"
    )
    assert page_features.headline_block(html) == 1  # the site name's h1 does not match; the later copy is not first
    assert page_features.headline_block(page_of("Floods close the coast line\n\nTrains stop.", "text")) is None
    p = np.full(4, 0.3)
    values = scores.numeric(p, np.zeros((4, len(LABELS) - 1)), np.full(4, 6.0), scores.block_tree(html), 1)
    assert values[:, scores.NAMES.index("headline")].tolist() == [0, 1, 0, 0]


def test_second_stage_knows_the_region_of_each_block_in_html_only():
    html = page_of(
        "<html><body><article><p>The council approved the new bridge on Monday after a long debate.</p>"
        "<figure><img src='b.jpg'><figcaption>The bridge at dusk</figcaption></figure>"
        "<ul><li>Related: the old bridge</li></ul></article><footer>Contact</footer></body></html>"
    )
    flags = scores.block_flags(html)
    n = len(html.segments)
    values = scores.numeric(np.full(n, 0.5), np.zeros((n, len(LABELS) - 1)), np.full(n, 6.0), scores.block_tree(html),
                            None, flags)  # fmt: skip
    column = scores.NAMES.index
    texts = [seg.text for seg in html.segments]
    assert values[texts.index("The bridge at dusk"), column("flag_figure")] == 1
    assert values[texts.index("Related: the old bridge"), column("flag_list")] == 1
    assert values[texts.index("Contact"), column("flag_footer")] == 1
    assert values[:, column("flag_article")].tolist() == [1, 1, 1, 0]
    assert values[0, [column(f"flag_{name}") for name in ("figure", "list", "footer", "hidden")]].tolist() == [0] * 4
    assert scores.block_flags(page_of("The bridge at dusk\n\nContact", "text")) is None


def test_text_mode_marks_title_long_lines_just_before_the_article_span():
    p = np.array([0.1, 0.3, 0.2, 0.9, 0.9, 0.1])
    words = np.array([2.0, 9.0, 2.0, 60.0, 40.0, 4.0])  # menu, headline, date, two paragraphs, a link
    values = scores.numeric(p, np.zeros((6, len(LABELS) - 1)), words, None)
    column = scores.NAMES.index
    assert scores.best_span(p, words) == (3, 4)
    assert values[:, column("text_title_before_span2")].tolist() == [0, 1, 0, 0, 0, 0]
    assert not values[:, column("text_title_before_span1")].any()  # the date is two words: not title-long
    assert not values[:, column("text_title_before_span3")].any() and not values[:, column("headline")].any()


def test_text_mode_reads_how_much_of_a_line_the_article_repeats():
    """The headline shares the article's words; a byline and another article's title do not. A paragraph's own
    words do not count for it (its share comes from the other paragraphs)."""
    texts = [
        "Bochum verliert Kellerduell gegen Bielefeld",
        "Von Stefan Mauerer",
        "Der VfL Bochum hat das Kellerduell gegen Arminia Bielefeld mit null zu zwei verloren und steht nun auf "
        "einem Abstiegsplatz der Tabelle.",
        "Bielefeld spielte vor allem in der zweiten Halbzeit stark, Bochum fand im Kellerduell kaum eine Antwort auf "
        "das Pressing der Gäste.",
        "Neues Hallenbad in Herne eröffnet",
    ]
    p = np.array([0.3, 0.2, 0.9, 0.9, 0.3])
    words = np.array([float(len(t.split())) for t in texts])
    values = scores.numeric(p, np.zeros((5, len(LABELS) - 1)), words, None, texts=texts)
    column = scores.NAMES.index
    overlap = values[:, column("text_body_overlap")]
    assert overlap[0] == pytest.approx(4 / 5)  # bochum, kellerduell, gegen, bielefeld; not "verliert"
    assert overlap[1] == 0 and overlap[4] == 0
    assert 0 < overlap[2] < 1 and 0 < overlap[3] < 1
    assert values[:, column("text_body_overlap_short")].tolist() == [overlap[0], 0, 0, 0, 0]
    assert values[:, column("text_body_overlap_before_span")].tolist() == [overlap[0], 0, 0, 0, 0]
    html_like = scores.numeric(p, np.zeros((5, len(LABELS) - 1)), words, None)  # no texts given: zeros
    assert not html_like[:, column("text_body_overlap")].any()


def test_text_mode_flags_the_line_before_the_article_that_repeats_it_most_as_the_headline():
    overlap = np.array([0.0, 0.5, 0.0, 0.25, 0.0, 0.6, 0.4])
    words = np.array([12.0, 8.0, 3.0, 9.0, 2.0, 80.0, 50.0])  # menu, headline, byline, teaser, date, the article
    assert scores.text_headline(overlap, words, start=5) == 1
    assert scores.text_headline(overlap, words, start=5, reach=3) == 3  # the headline is out of reach
    assert scores.text_headline(overlap, words, start=5, floor=0.6) is None
    assert scores.text_headline(overlap, words, start=0) is None
    texts = ["Home | News", "Bochum verliert Kellerduell gegen Bielefeld", "Von Stefan Mauerer"] + [
        "Der VfL Bochum hat das Kellerduell gegen Arminia Bielefeld mit null zu zwei verloren und steht nun auf "
        "einem Abstiegsplatz der Tabelle."
    ] * 2
    p = np.array([0.1, 0.3, 0.2, 0.9, 0.9])
    values = scores.numeric(p, np.zeros((5, len(LABELS) - 1)), np.array([3.0, 5.0, 3.0, 22.0, 22.0]), None, texts=texts)
    assert values[:, scores.NAMES.index("text_headline")].tolist() == [0, 1, 0, 0, 0]
    assert values[1, scores.NAMES.index("text_headline_share")] == pytest.approx(4 / 5)


def test_text_mode_headline_is_named_in_its_own_column_only():
    texts = ["Bochum verliert Kellerduell gegen Bielefeld"] + [
        "Der VfL Bochum hat das Kellerduell gegen Arminia Bielefeld mit null zu zwei verloren und steht nun auf "
        "einem Abstiegsplatz der Tabelle."
    ] * 2
    values = scores.numeric(np.array([0.3, 0.9, 0.9]), np.zeros((3, len(LABELS) - 1)), np.array([5.0, 22, 22]), None,
                            texts=texts)  # fmt: skip
    assert values[:, scores.NAMES.index("text_headline")].tolist() == [1, 0, 0]
    assert not values[:, scores.NAMES.index("headline")].any()  # the HTML <title> match's column


def test_ends_sentence_needs_four_words_and_a_closing_mark():
    texts = [
        "Compartment exams will be held in July.",
        "Read more about the exams",
        "Share this story!",
        'She said: "We will be back next year."',
        "初年度は海外売り上げ1000万円を目指す。",
        "Die Stadt plant weitere Radwege „noch in diesem Jahr.“",
        "Subscribe now for unlimited access ",
    ]
    words = np.array(word_counts(texts), dtype=np.float64)  # CJK: a word per character, as `Segment.words`
    assert scores.ends_sentence(texts, words).tolist() == [True, False, False, True, True, True, False]


def test_text_mode_flags_sentences_and_the_ones_just_after_the_article():
    article = (
        "The board said the results were declared two weeks earlier than last year because the evaluation of "
        "answer sheets was moved online for the first time."
    )
    texts = ["Home | Education", article, article, "Advertisement", "Supplementary exams will be held in July.",
             "Read more", "More stories from the region", "A letter to the editor arrived late in the day.",
             "About us"]  # fmt: skip
    n = len(texts)
    p = np.array([0.1, 0.95, 0.95, 0.1, 0.45, 0.1, 0.1, 0.4, 0.1])
    words = np.array([float(len(t.split())) for t in texts])
    values = scores.numeric(p, np.zeros((n, len(LABELS) - 1)), words, None, texts=texts)
    column = scores.NAMES.index
    assert values[:, column("text_sentence")].tolist() == [0, 1, 1, 0, 1, 0, 0, 1, 0]
    assert values[:, column("text_sentence_x_logit")] == pytest.approx(
        values[:, column("text_sentence")] * values[:, column("logit")]
    )
    assert values[:, column("text_sentence_after_span")].tolist() == [0, 0, 0, 0, 1, 0, 0, 0, 0]  # 3 blocks at most
    html_like = scores.numeric(p, np.zeros((n, len(LABELS) - 1)), words, None)  # no texts: zeros
    assert not html_like[:, [column(c) for c in scores.NAMES if c.startswith("text_sentence")]].any()


def test_text_mode_reads_a_sentence_by_the_scores_around_it():
    long = " ".join(["word"] * 20) + "."
    texts = ["Home | Education", long, "Advertisement", "Share", "The team now hopes to extend the survey.",
             "Follow us on our channel today.", "About us"]  # fmt: skip
    n = len(texts)
    p = np.array([0.1, 0.9, 0.2, 0.05, 0.45, 0.3, 0.15])
    types = np.zeros((n, len(LABELS) - 1))
    types[:, LABELS[1:].index("promo")] = [0.1, 0.0, 0.6, 0.5, 0.2, 0.7, 0.1]
    types[:, LABELS[1:].index("other")] = [0.0, 0.0, 0.1, 0.1, 0.3, 0.1, 0.0]
    words = np.array([float(len(t.split())) for t in texts])
    values = scores.numeric(p, types, words, None, texts=texts)
    column = scores.NAMES.index
    sentence = np.array([0, 1, 0, 0, 1, 1, 0], dtype=bool)
    assert values[:, column("text_sentence")].astype(bool).tolist() == sentence.tolist()
    # the best P(content) of the 3 blocks before and after each sentence; missing blocks count as 0
    assert values[:, column("text_sentence_prev3_max")] == pytest.approx([0, 0.1, 0, 0, 0.9, 0.45, 0])
    assert values[:, column("text_sentence_next3_max")] == pytest.approx([0, 0.45, 0, 0, 0.3, 0.15, 0])
    # the nearest block of 15+ words among the 3 before: the 21-word paragraph, 3 blocks before the closing line
    assert values[:, column("text_sentence_long_before")] == pytest.approx([0, 0, 0, 0, 0.9, 0, 0])
    assert values[:, column("text_sentence_promo")] == pytest.approx(sentence * types[:, LABELS[1:].index("promo")])
    assert values[:, column("text_sentence_other")] == pytest.approx(sentence * types[:, LABELS[1:].index("other")])
    assert values[:, column("text_headline_x_logit")] == pytest.approx(
        values[:, column("text_headline")] * values[:, column("logit")]
    )
    html_like = scores.numeric(p, types, words, None)  # no texts: zeros
    assert not html_like[:, column("text_sentence_prev3_max") :].any()


def test_overlap_tokens_are_words_of_three_characters_or_cjk_pairs():
    def tokens(text: str) -> set[str]:
        return scores.overlap_tokens(lower_words([text])[0])

    assert tokens("The cat sat on a mat, Sat!") == {"the", "cat", "sat", "mat"}
    assert tokens("宿泊施設") == {"宿泊", "泊施", "施設"}
    assert tokens("वैज्ञानिकों ने प्रक्षेपण 228") == {"वैज्ञानिकों", "प्रक्षेपण", "228"}  # whole words
    assert tokens("") == set()


def test_subtree_sums_add_in_the_order_of_a_loop_from_the_end():
    rng = np.random.default_rng(0)
    for n in (1, 2, 50, 400):
        parents = np.array([-1] + [int(rng.integers(0, i)) for i in range(1, n)])  # parents come first
        values = rng.random((n, 3))
        expected = values.copy()
        for e in range(n - 1, 0, -1):
            expected[parents[e]] += expected[e]
        assert np.array_equal(scores.subtree_sums(values, parents), expected)  # bit for bit
        assert np.array_equal(scores.subtree_sums_of_lists(values, parents), expected)


def test_compiled_window_stats_are_the_window_stats_of_the_arrays():
    if scores._compiled is None:
        pytest.skip("the compiled features module is not built")
    rng = np.random.default_rng(1)
    for n in (1, 2, 3, 7, 25, 300):  # numeric() returns before the windows on a page without blocks
        for values in (rng.random(n), np.zeros(n), (rng.random(n) > 0.5).astype(np.float64)):
            for radius in (1, 3, 10):
                got = scores._window_stats(values, radius)
                expected = scores.window_stats_of_arrays(values, radius)
                assert all(a.tobytes() == b.tobytes() for a, b in zip(got, expected)), (n, radius)  # bit for bit


def test_prose_runs_find_the_article_in_plain_text():
    """The article's lines form the longest run of sentence-like blocks; one short line inside it (a subheading)
    is bridged; menu lines and a wall line after two buttons are not in the top run."""
    lines = [
        "Home", "World", "Sport",
        "The minister said on Tuesday that the new law would pass before the end of the year.",
        "Opposition parties",
        "It is the third time this year that the government has changed the rules for the sector.",
        "Officials said more changes could follow after the summer recess, once the review is complete.",
        "Subscribe", "Log in", "You have reached your limit of free articles this month.", "About us",
    ]  # fmt: skip
    values = prose.numeric(page_of("\n".join(lines), "text"))
    i = prose.NAMES.index
    assert list(values[:, i("prose")]) == [0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0]
    assert list(values[:, i("in_top_run")]) == [0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]  # two lines end a run
    assert values[4, i("bridged")] == 1 and values[7, i("bridged")] == 0
    assert values[3, i("run_share")] > 0.7 > values[9, i("run_share")] > 0
    assert np.isclose(values[0, i("log_gap_to_prose")], np.log1p(3)) and values[5, i("log_gap_to_prose")] == 0
    # Japanese sentences are one \\w+ token: their length in characters makes them prose
    japanese = "会場には約5000人のファンが詰めかけ、選手たちに大きな声援を送った。試合は最後まで接戦となった。"
    assert prose.is_prose(japanese, 1)
    assert prose.numeric(page_of("", "text")).shape == (0, len(prose.NAMES))


def test_stacked_matrix_is_scipys_hstack_array_for_array():
    rng = np.random.default_rng(0)
    for trial in range(50):
        n, width = int(rng.integers(1, 30)), int(rng.integers(1, 20))
        dense = rng.random((n, width)).astype(np.float32)
        dense[dense < rng.random()] = 0
        if trial % 7 == 0:
            dense[:] = 0
        hashed = sp.random(n, 300, density=rng.random() * 0.3, format="csr", random_state=trial)
        hashed.data[:] = rng.integers(1, 4, hashed.nnz)
        expected = sp.hstack([sp.csr_matrix(dense), hashed.astype(np.float32)], format="csr", dtype=np.float32)
        got = _stack(dense, hashed, width + 300)
        assert got.shape == expected.shape and got.dtype == expected.dtype
        assert got.indices.dtype == expected.indices.dtype and got.indptr.dtype == expected.indptr.dtype
        assert got.data.tobytes() == expected.data.tobytes()
        assert np.array_equal(got.indices, expected.indices) and np.array_equal(got.indptr, expected.indptr)


def test_nul_characters_are_removed_from_pages_of_any_width():
    # the NUL check reads the UTF-8 bytes of a page that is not ASCII: the parsed text is the same as the page's
    for html in ("<p>a NUL \x00 here</p><p>x</p>", "<p>a NUL \x00 and é here</p><p>x</p>", "<p>\x00東京\x00</p>"):
        text = load_document(html, "html").root.text()
        assert "\x00" not in text
        assert text == load_document(html.replace("\x00", ""), "html").root.text()


_LEXICON_FRAGMENTS = [
    "subscribe", "now", "to", "continue", "per", "month", "al", "an", "year", "$", "€", "9", "٣", "²", "/", "mo", "|",
    "›", "©", "cookie", "newsletter", "read more", "free", "trial", "plan", "ad", " ", "months", "年", "円", "usd",
    "advertisement", "home", "tags:", "3 months", "\n", "\U0001d11e", "İ", "",
]  # fmt: skip


@pytest.mark.skipif(_MATCHER.scanner is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)")
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LEXICON_FRAGMENTS), max_size=10).map(" ".join), max_size=40))
def test_compiled_lexicon_scanner_gives_the_hits_of_its_specification(heads):
    assert _MATCHER.scanner.hits(heads) == _MATCHER._hits_many_of_arrays(heads)
    assert _MATCHER.scanner.hits(heads) == [tuple(_MATCHER.hits(head).values()) for head in heads]


def test_lexicon_scanner_of_a_small_lexicon_keeps_unfilterable_and_anchored_wordings():
    matcher = _LexiconMatcher({"x": [r"\w+ing\b|^only$", r"(?i:caps)|\d{3}"], "y": ["^anchored only", "abab|bab"]})
    heads = ["walking", "123", "anchored only here", "no match", "only", "caps", "", "aabab", "xbabx", "٣٣٣"]
    heads += [f"{h} {n}" for n in range(4) for h in heads]
    assert matcher.hits_many(heads) == [tuple(matcher.hits(h).values()) for h in heads]


def test_compiled_class_bits_are_the_class_bits_of_the_arrays():
    if paywall._compiled is None:
        pytest.skip("boilerfree._features is not built (or BOILERFREE_PURE=1)")
    html = (
        "<html><body><div class='l-wrapper gate ad'><div class='paywall offer'><p>Subscribe for $4</p>"
        "<div class='share social'><ul class='menu'><li><a>Home</a></li><li class='price'>9 €</li></ul></div></div>"
        "<article class='story'><p>" + "Words of the article body go on. " * 40 + "</p></article></div>"
        "<footer class='legal'><p>© 2024</p></footer></body></html>"
    )
    page = segment(load_document(html))
    owners = np.array([seg.owner for seg in page.segments] + [-1])
    for wrapper_words in (1.0, 5.0, 150.0, 1e9):
        expected = paywall._class_bits(page.elements, owners, wrapper_words)
        got = paywall._compiled.class_bits(
            owners.tolist(), page.elements.parent, page.elements.tokens, page.elements.words, wrapper_words,
            paywall._TOKEN_TYPES, paywall._ANCESTOR_DEPTH, paywall.NEAR_ANCESTORS,
        )  # fmt: skip
        assert [a.tolist() for a in got] == [a.tolist() for a in expected]
    assert expected[0].any() and expected[1].any()  # near and far tokens were read


def _dom_pages() -> list:
    nested = "<div class='a'>" * 70 + "<p>deep text, deeper than the chain of 63.</p>" + "</div>" * 70
    pages = [
        ARTICLE,
        "<html><body>root text <p>one paragraph with, many words, that is the best container of the page.</p>"
        "<h2>A heading</h2><div hidden><p>hidden paragraph of the article with enough words here</p></div></body>"
        "</html>",
        f"<html><body><nav><a>Home</a></nav><article>{nested}<p>after the deep part, with words, and more "
        "words than eight here.</p></article><aside><p>x</p></aside></body></html>",
        "<html><body><p>" + "</p><p>".join(f"Paragraph {i} of a long article, with, commas." for i in range(2100))
        + "</p></body></html>",  # 2,100 blocks inside the best container: past the distance matrix's cut-off
    ]  # fmt: skip
    return [segment(load_document(html)) for html in pages]


def test_compiled_dom_rows_are_the_dom_rows_of_the_arrays():
    if dom._compiled is None:
        pytest.skip("boilerfree._features is not built (or BOILERFREE_PURE=1)")
    for page in _dom_pages():
        total = max(page.total_words, 1)
        for best in {dom.best_container(page), -1, 0, len(page.elements.tag) - 1}:
            expected = dom.numeric_of_arrays(page, best, total)
            got = dom.numeric(page) if best == dom.best_container(page) else dom._compiled.dom_rows(
                block_table(page).columns, page.elements.parent, page.elements.words, page.elements.link_words,
                page.elements.blocks, best, total, list(dom.FLAGS.values()), dom.FLAG_HIDDEN, len(dom.NAMES),
            )  # fmt: skip
            assert got.dtype == np.float32 and got.tobytes() == expected.tobytes()


_TEXT_FRAGMENTS = [
    "Rs.", "rs", "RS", "r$", "R$", "usd", "USD", "eur", "inr", "ſ", "K", "İ", "$", "€", "5", "99", "٣", " ", "\u00a0",
    "years", "and", "Vol.", "b", "x" * 50, "the", "{{x}}", "%s", ",", ".", "!", "Title Case", "|", "\t",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_TEXT_FRAGMENTS), max_size=12).map("".join), min_size=1, max_size=12))
def test_compiled_text_rows_are_the_text_rows_of_the_arrays(texts):
    if text._compiled is None:
        pytest.skip("boilerfree._features is not built (or BOILERFREE_PURE=1)")
    page = segment(load_document("\n\n".join(t for t in texts if t.strip()) or "x", "text"))
    words = block_words(page)
    expected_blocks = JoinedTexts([s.text for s in page.segments], text._CHARACTERS)
    counts = text.block_counts(expected_blocks)
    placeholder = expected_blocks.matching(text._PLACEHOLDER)
    for lang in ("en", ""):
        expected = text.numeric_of_counts(page, words, stopword_set(lang), counts, placeholder)
        assert text.numeric(page, words, lang).tobytes() == expected.tobytes()


def test_currency_codes_before_digits_are_found_anywhere_in_a_block():
    texts = ["Price: Rs. 500 only", "It was 5 years 5 ago", "x" * 300 + " and USD 5 more", "binr5 is no code",
             "eur\u00a07", "R$9", "usd", "5 at the start after a block that ends in usd"]  # fmt: skip
    page = segment(load_document("\n\n".join(texts), "text"))
    currency = text.numeric(page, block_words(page), "en")[:, text.NAMES.index("currency")]
    assert currency.tolist() == [1, 0, 1, 0, 1, 1, 0, 0]


_PROSE_LINES = [
    "A sentence that runs on for more than six words here.", "Home", "Short line.", "Menu | World | Sport",
    "これは四十文字を超える日本語の文章で、空白を含まずに書かれた一つの段落の例ですね。さらに続きます。",
    "Six words and it ends well!", "Ends with a quote: “yes”", "Closing paren (really)", "no end mark here at all",
    "Trailing spaces after the mark are fine here .\u2003", "…",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PROSE_LINES), min_size=1, max_size=30))
def test_compiled_prose_rows_are_the_prose_rows_of_the_lists(lines):
    if prose._compiled is None:
        pytest.skip("boilerfree._features is not built (or BOILERFREE_PURE=1)")
    page = segment(load_document("\n\n".join(lines), "text"))
    assert prose.numeric(page).tobytes() == prose.numeric_of_runs(page).tobytes()
